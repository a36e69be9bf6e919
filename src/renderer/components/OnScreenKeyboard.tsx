// The kiosk's on-screen keyboard (react-simple-keyboard, with the letter rows of simple-keyboard-layouts:
// QWERTY in English, QWERTZ in German, AZERTY in French, the Spanish layout with ñ). It follows whichever
// kiosk input has focus (`data-keyboard`), takes its layout from the field's inputmode and type — letters
// and digits for text, upper-case letters, digits and "-" for codes (autocapitalize="characters"), a
// keypad for phone numbers and numbers, @ and .com for e-mail — types where the caret is, and never takes
// the focus from the field. Accents are one tap away (the "àé" layer). Enter ("Next") moves to the next
// field, or on the last one does the step's action (the form's submit, or the `data-kiosk-action`
// button). The focused field and that action are kept in view above the keyboard. A physical keyboard
// keeps working.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import Keyboard from 'react-simple-keyboard';
import 'react-simple-keyboard/build/css/index.css';
import english from 'simple-keyboard-layouts/build/layouts/english';
import french from 'simple-keyboard-layouts/build/layouts/french';
import german from 'simple-keyboard-layouts/build/layouts/german';
import spanish from 'simple-keyboard-layouts/build/layouts/spanish';

export type KeyboardLayout = 'text' | 'code' | 'email' | 'phone' | 'number';

const BASE: Record<string, { layout: Record<string, string[]> }> = {
  en: english,
  de: german,
  fr: french,
  es: spanish,
};

/** The three letter rows of the language's keyboard, in its own order (QWERTY, QWERTZ, AZERTY, ñ). */
export function letterRows(language: string): string[][] {
  const rows = ((BASE[language] ?? english).layout.default ?? []).slice(1, 4);
  return rows.map((row) => row.split(' ').filter((key) => /^\p{L}$/u.test(key)));
}

const DIGITS = '1 2 3 4 5 6 7 8 9 0';
const ACCENTS = ['à á â ä ã å æ ç', 'è é ê ë ì í î ï', 'ò ó ô ö õ ø œ ñ', 'ù ú û ü ý ÿ ß'];
/** A row's letters in capitals ({function} keys and ß stay as they are). */
const upper = (row: string) =>
  row
    .split(' ')
    .map((key) => (key.startsWith('{') || key === 'ß' ? key : key.toLocaleUpperCase()))
    .join(' ');

type Layers = Record<string, string[]>;

/** The layers of one kind of field in one language. */
export function layoutFor(kind: KeyboardLayout, language: string): Layers {
  const letters = letterRows(language).map((r) => r.join(' '));
  if (kind === 'phone')
    return { default: ['1 2 3', '4 5 6', '7 8 9', '+ 0 {bksp}', '{space} {enter} {hide}'] };
  if (kind === 'number') return { default: ['1 2 3', '4 5 6', '7 8 9', '. 0 {bksp}', '{enter} {hide}'] };
  if (kind === 'code') {
    return {
      default: [
        `${DIGITS} {bksp}`,
        ...letters.map(upper).slice(0, 2),
        `${upper(letters[2]!)} -`,
        '{enter} {hide}',
      ],
    };
  }
  if (kind === 'email') {
    const rows = [`${DIGITS} {bksp}`, ...letters.slice(0, 2), `{shift} ${letters[2]} . - _`];
    return {
      default: [...rows, '@ .com {space} {enter} {hide}'],
      shift: [...rows.map(upper), '@ .com {space} {enter} {hide}'],
    };
  }
  const bottom = '{accents} {space} {enter} {hide}';
  return {
    default: [`${DIGITS} {bksp}`, letters[0]!, letters[1]!, `{shift} ${letters[2]} - ' {shift}`, bottom],
    shift: [
      `${DIGITS} {bksp}`,
      upper(letters[0]!),
      upper(letters[1]!),
      `{shift} ${upper(letters[2]!)} - ' {shift}`,
      bottom,
    ],
    accents: [
      `${ACCENTS[0]} {bksp}`,
      ...ACCENTS.slice(1, 3),
      `{shift} ${ACCENTS[3]} {shift}`,
      '{abc} {space} {enter} {hide}',
    ],
    accentsShift: [
      `${upper(ACCENTS[0]!)} {bksp}`,
      ...ACCENTS.slice(1, 3).map(upper),
      `{shift} ${upper(ACCENTS[3]!)} {shift}`,
      '{abc} {space} {enter} {hide}',
    ],
  };
}

/** The keyboard a field needs, from its inputmode and type (and autocapitalize="characters" for codes). */
export function kindOf(input: HTMLInputElement): KeyboardLayout {
  const mode = input.inputMode || input.type;
  if (mode === 'tel') return 'phone';
  if (mode === 'numeric' || mode === 'decimal' || mode === 'number') return 'number';
  if (mode === 'email') return 'email';
  if (input.autocapitalize === 'characters') return 'code';
  return 'text';
}

function isKeyboardField(el: Element | null): el is HTMLInputElement {
  return el instanceof HTMLInputElement && el.dataset.keyboard !== undefined;
}

/** Types into a React-controlled input the way a real keystroke would (React listens for 'input'). */
function typeInto(
  input: HTMLInputElement,
  change: (value: string, start: number, end: number) => [string, number],
) {
  // Inputs of type email have no selection API: type at the end there.
  let start = input.value.length;
  let end = start;
  try {
    start = input.selectionStart ?? start;
    end = input.selectionEnd ?? start;
  } catch {
    // keep the end
  }
  const [next, caret] = change(input.value, start, end);
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, next);
  input.dispatchEvent(new Event('input', { bubbles: true }));
  try {
    input.setSelectionRange(caret, caret);
  } catch {
    // not a text input (e-mail): the caret stays at the end
  }
}

const visible = (el: HTMLElement) => el.getClientRects().length > 0;
const fieldsIn = () =>
  [...document.querySelectorAll<HTMLInputElement>('input[data-keyboard]')].filter(
    (f) => !f.disabled && visible(f),
  );

/** The button that does what the field is for: its form's submit, else the step's action. */
function actionFor(field: HTMLInputElement): HTMLElement | null {
  const submit = field.form?.querySelector<HTMLElement>('button[type="submit"]');
  return submit ?? document.querySelector<HTMLElement>('[data-kiosk-action]');
}

/** Enter: the next field, or on the last one the step's action (when it can be done). */
function enter(field: HTMLInputElement) {
  const fields = fieldsIn();
  const next = fields[fields.indexOf(field) + 1];
  if (next) {
    next.focus();
    return;
  }
  const action = actionFor(field);
  if (action && !(action as HTMLButtonElement).disabled) {
    if (field.form && action.getAttribute('type') === 'submit') field.form.requestSubmit();
    else action.click();
  }
}

/** Scrolls so the field (and its action, unless that already sits above the keyboard) is in view. */
function keepInView(field: HTMLInputElement, keyboardTop: number) {
  const action = actionFor(field);
  const bar = action?.closest<HTMLElement>('.kiosk-flow__actions');
  // The step's action bar stays above the keyboard on its own (sticky); a form's button scrolls with it.
  const barTop = bar ? bar.getBoundingClientRect().top : keyboardTop;
  const bottomLimit = Math.min(keyboardTop, barTop) - 12;
  const rects = [field.getBoundingClientRect()];
  if (action && !bar) rects.push(action.getBoundingClientRect());
  const top = Math.min(...rects.map((r) => r.top));
  const bottom = Math.max(...rects.map((r) => r.bottom));
  // A search field (host) goes to the top, to leave room for its results below it.
  const toTop = field.dataset.keyboardResults !== undefined;
  const label = field.labels?.[0]?.getBoundingClientRect().top ?? top;
  if (toTop) window.scrollBy(0, label - 12);
  else if (bottom > bottomLimit) window.scrollBy(0, bottom - bottomLimit);
  else if (top < 0) window.scrollBy(0, label - 12);
}

export function OnScreenKeyboard() {
  const { t, i18n } = useTranslation();
  const [field, setField] = useState<HTMLInputElement | null>(null);
  const [layer, setLayer] = useState('default');
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    // A tap on a button (Next) moves the focus on pointer-down: the keyboard stays until the tap is done,
    // so the page does not move under the finger before the click lands.
    let pressing = false;
    const follow = () => {
      const el = document.activeElement;
      if (!isKeyboardField(el) && pressing) return;
      setField(isKeyboardField(el) ? el : null);
    };
    const later = () => setTimeout(follow, 0);
    const down = () => (pressing = true);
    const up = () => {
      pressing = false;
      later();
    };
    document.addEventListener('focusin', follow);
    document.addEventListener('focusout', later);
    document.addEventListener('pointerdown', down, true);
    document.addEventListener('pointerup', up, true);
    document.addEventListener('pointercancel', up, true);
    return () => {
      document.removeEventListener('focusin', follow);
      document.removeEventListener('focusout', later);
      document.removeEventListener('pointerdown', down, true);
      document.removeEventListener('pointerup', up, true);
      document.removeEventListener('pointercancel', up, true);
    };
  }, []);

  // Each field starts on the letters (or its keypad).
  useEffect(() => setLayer('default'), [field]);

  // The keyboard's height is room the page keeps free at its foot (--osk-height), so nothing hides under it.
  useLayoutEffect(() => {
    const root = document.documentElement;
    const el = box.current;
    if (!field || !el) {
      root.style.removeProperty('--osk-height');
      delete root.dataset.osk;
      return;
    }
    const measure = () => {
      root.style.setProperty('--osk-height', `${el.offsetHeight}px`);
      root.dataset.osk = 'open';
      keepInView(field, el.getBoundingClientRect().top);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--osk-height');
      delete root.dataset.osk;
    };
  }, [field]);

  const kind = field ? kindOf(field) : 'text';
  const language = i18n.resolvedLanguage ?? 'en';
  const layers = layoutFor(kind, language);
  const layoutName = layers[layer] ? layer : 'default';

  const onKeyPress = useCallback(
    (button: string) => {
      if (!field) return;
      if (button === '{shift}') {
        setLayer((l) => ({ default: 'shift', shift: 'default', accents: 'accentsShift' })[l] ?? 'accents');
        return;
      }
      if (button === '{accents}') return setLayer('accents');
      if (button === '{abc}') return setLayer('default');
      if (button === '{enter}') return enter(field);
      if (button === '{hide}') return field.blur();
      if (button === '{bksp}') {
        typeInto(field, (v, s, e) =>
          s === e
            ? [v.slice(0, Math.max(0, s - 1)) + v.slice(e), Math.max(0, s - 1)]
            : [v.slice(0, s) + v.slice(e), s],
        );
        return;
      }
      const text = button === '{space}' ? ' ' : button;
      typeInto(field, (v, s, e) => [v.slice(0, s) + text + v.slice(e), s + text.length]);
      // Shift and the accents are for one letter, as on a phone.
      setLayer((l) => (l === 'shift' ? 'default' : l === 'accents' || l === 'accentsShift' ? 'default' : l));
    },
    [field],
  );

  if (!field) return null;
  const display = {
    '{bksp}': '⌫',
    '{enter}': `${t('kioskFlow.keyboard.enter')} ↵`,
    '{shift}': '⇧',
    '{space}': t('kioskFlow.keyboard.space'),
    '{accents}': 'àé',
    '{abc}': 'abc',
    '{hide}': '⌨ ↓',
  };
  const named = (key: string, label: string) => ({ attribute: 'aria-label', value: label, buttons: key });

  return (
    <div
      ref={box}
      className="osk"
      role="group"
      aria-label={t('kioskFlow.keyboard.label')}
      data-layout={kind}
      data-layer={layoutName}
    >
      <Keyboard
        layout={layers}
        layoutName={layoutName}
        display={display}
        onKeyPress={onKeyPress}
        preventMouseDownDefault
        disableButtonHold
        theme="hg-theme-default osk__keys"
        buttonTheme={[
          { class: 'osk__key--wide', buttons: '{bksp} {enter} {shift} {accents} {abc} {hide} .com' },
          { class: 'osk__key--space', buttons: '{space}' },
          ...(layoutName !== 'default' && layoutName !== 'accents'
            ? [{ class: 'osk__key--on', buttons: '{shift}' }]
            : []),
        ]}
        buttonAttributes={[
          named('{bksp}', t('kioskFlow.keyboard.backspace')),
          named('{shift}', t('kioskFlow.keyboard.shift')),
          named('{space}', t('kioskFlow.keyboard.space')),
          named('{accents}', t('kioskFlow.keyboard.accents')),
          named('{abc}', t('kioskFlow.keyboard.letters')),
          named('{hide}', t('kioskFlow.keyboard.done')),
        ]}
      />
    </div>
  );
}
