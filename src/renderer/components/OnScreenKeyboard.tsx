// An on-screen keyboard for kiosk text fields (react-simple-keyboard is not a dependency). It follows
// whichever input has focus and carries `data-keyboard="text|email|phone|number"`, types where the
// caret is, and never takes the focus away from the field. A physical keyboard keeps working.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

export type KeyboardLayout = 'text' | 'email' | 'phone' | 'number';

const LETTERS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const LAYOUTS: Record<KeyboardLayout, string[][]> = {
  text: [
    [...LETTERS[0]!],
    [...LETTERS[1]!],
    [...LETTERS[2]!, '-', "'"],
    ['á', 'é', 'í', 'ó', 'ú', 'ñ', 'ü', 'ö', 'ç', 'ß'],
  ],
  email: [
    [...'1234567890'],
    [...LETTERS[0]!],
    [...LETTERS[1]!, '@'],
    [...LETTERS[2]!, '.', '-', '_', '.com'],
  ],
  phone: [
    ['1', '2', '3'],
    ['4', '5', '6'],
    ['7', '8', '9'],
    ['+', '0', ' '],
  ],
  number: [
    ['1', '2', '3'],
    ['4', '5', '6'],
    ['7', '8', '9'],
    ['0', '.'],
  ],
};

function isKeyboardField(el: Element | null): el is HTMLInputElement {
  return el instanceof HTMLInputElement && el.dataset.keyboard !== undefined;
}

/** Types into a React-controlled input the way a real keystroke would (React listens for 'input'). */
function typeInto(
  input: HTMLInputElement,
  change: (value: string, start: number, end: number) => [string, number],
) {
  const start = input.selectionStart ?? input.value.length;
  const end = input.selectionEnd ?? start;
  const [next, caret] = change(input.value, start, end);
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, next);
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.setSelectionRange?.(caret, caret);
}

export function OnScreenKeyboard() {
  const { t } = useTranslation();
  const [field, setField] = useState<HTMLInputElement | null>(null);
  const [shift, setShift] = useState(false);

  useEffect(() => {
    const follow = () => setField(isKeyboardField(document.activeElement) ? document.activeElement : null);
    const later = () => setTimeout(follow, 0);
    document.addEventListener('focusin', follow);
    document.addEventListener('focusout', later);
    return () => {
      document.removeEventListener('focusin', follow);
      document.removeEventListener('focusout', later);
    };
  }, []);

  if (!field) return null;
  const layout = (field.dataset.keyboard as KeyboardLayout) || 'text';
  const insert = (text: string) =>
    typeInto(field, (v, s, e) => [v.slice(0, s) + text + v.slice(e), s + text.length]);
  const backspace = () =>
    typeInto(field, (v, s, e) =>
      s === e
        ? [v.slice(0, Math.max(0, s - 1)) + v.slice(e), Math.max(0, s - 1)]
        : [v.slice(0, s) + v.slice(e), s],
    );
  // Keys must not steal the focus from the field they type into.
  const keep = (e: React.PointerEvent | React.MouseEvent) => e.preventDefault();

  return (
    <div
      className="osk"
      role="group"
      aria-label={t('kioskFlow.keyboard.label')}
      onPointerDown={keep}
      onMouseDown={keep}
    >
      {LAYOUTS[layout].map((row, i) => (
        <div className="osk__row" key={i}>
          {row.map((key) => {
            const label = shift && layout !== 'phone' && layout !== 'number' ? key.toUpperCase() : key;
            return (
              <button
                key={key}
                type="button"
                tabIndex={-1}
                className="osk__key"
                aria-label={key === ' ' ? t('kioskFlow.keyboard.space') : undefined}
                onClick={() => {
                  insert(label);
                  setShift(false);
                }}
              >
                {key === ' ' ? '␣' : label}
              </button>
            );
          })}
        </div>
      ))}
      <div className="osk__row">
        {layout === 'text' || layout === 'email' ? (
          <button
            type="button"
            tabIndex={-1}
            className="osk__key osk__key--wide"
            aria-pressed={shift}
            onClick={() => setShift((s) => !s)}
          >
            {t('kioskFlow.keyboard.shift')}
          </button>
        ) : null}
        {layout === 'text' ? (
          <button
            type="button"
            tabIndex={-1}
            className="osk__key osk__key--space"
            onClick={() => insert(' ')}
          >
            {t('kioskFlow.keyboard.space')}
          </button>
        ) : null}
        <button type="button" tabIndex={-1} className="osk__key osk__key--wide" onClick={backspace}>
          <span aria-hidden="true">⌫</span>
          <span className="visually-hidden">{t('kioskFlow.keyboard.backspace')}</span>
        </button>
        <button type="button" tabIndex={-1} className="osk__key osk__key--wide" onClick={() => field.blur()}>
          {t('kioskFlow.keyboard.done')}
        </button>
      </div>
    </div>
  );
}
