// A kiosk text field: a big labelled input that brings up the on-screen keyboard. The keyboard's layout
// follows the field's inputmode and type: `keyboard` sets them (a code field takes upper-case letters and
// digits, a phone field a keypad).
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { KeyboardLayout } from '../../components/OnScreenKeyboard';

const INPUT: Record<
  KeyboardLayout | 'contact',
  { type: 'text' | 'email' | 'tel'; inputMode: 'text' | 'email' | 'tel' | 'numeric'; caps?: 'characters' }
> = {
  text: { type: 'text', inputMode: 'text' },
  code: { type: 'text', inputMode: 'text', caps: 'characters' },
  email: { type: 'email', inputMode: 'email' },
  // An e-mail or a phone number: the e-mail keyboard (it has the digits), no e-mail check by the browser.
  contact: { type: 'text', inputMode: 'email' },
  phone: { type: 'tel', inputMode: 'tel' },
  number: { type: 'text', inputMode: 'numeric' },
};

export function KioskField({
  label,
  value,
  onChange,
  keyboard = 'text',
  required = false,
  optional = false,
  results = false,
  problem,
  onBlur,
  autoFocus,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  keyboard?: KeyboardLayout | 'contact';
  required?: boolean;
  /** Marked "(optional)" after its label. */
  optional?: boolean;
  /** A search field whose results show below it: the keyboard brings it to the top of the screen. */
  results?: boolean;
  problem?: string | null | undefined;
  onBlur?: () => void;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const input = INPUT[keyboard];
  return (
    <div className="field kiosk-field">
      <label className="field__label" htmlFor={id}>
        {label}
        {optional ? ` ${t('kioskFlow.fields.optional')}` : null}
      </label>
      <input
        id={id}
        className="field__input kiosk-field__input"
        type={input.type}
        inputMode={input.inputMode}
        autoCapitalize={input.caps ?? 'off'}
        value={value}
        required={required}
        autoComplete="off"
        autoCorrect="off"
        spellCheck={false}
        data-keyboard=""
        data-keyboard-results={results ? '' : undefined}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
        autoFocus={autoFocus}
      />
      {problem ? (
        <span id={`${id}-problem`} className="field-problem" role="alert">
          {problem}
        </span>
      ) : null}
    </div>
  );
}
