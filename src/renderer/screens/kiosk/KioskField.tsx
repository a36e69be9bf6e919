// A kiosk text field: a big labelled input that brings up the on-screen keyboard with the right layout.
import { useId } from 'react';
import type { KeyboardLayout } from '../../components/OnScreenKeyboard';

export function KioskField({
  label,
  value,
  onChange,
  keyboard = 'text',
  type = 'text',
  required = false,
  problem,
  onBlur,
  autoFocus,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  keyboard?: KeyboardLayout;
  type?: 'text' | 'email' | 'tel';
  required?: boolean;
  problem?: string | null | undefined;
  onBlur?: () => void;
  autoFocus?: boolean;
}) {
  const id = useId();
  return (
    <div className="field kiosk-field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="field__input kiosk-field__input"
        type={type}
        value={value}
        required={required}
        autoComplete="off"
        autoCorrect="off"
        spellCheck={false}
        inputMode="none"
        data-keyboard={keyboard}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
        autoFocus={autoFocus}
      />
      {problem ? (
        <span id={`${id}-problem`} className="field-problem">
          {problem}
        </span>
      ) : null}
    </div>
  );
}
