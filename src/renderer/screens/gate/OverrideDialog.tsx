// A guard lets a refused person through: their own PIN again and a reason, both required. The station
// checks the PIN (wrong PINs count towards the guard's lockout) and audits the override.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { GateVerdict } from '../../../shared/api/gate';
import { useAction } from '../../api/hooks';
import { useStation } from '../../api/StationProvider';
import { ErrorText } from '../../components/ErrorText';

export function OverrideDialog({
  eventId,
  onDone,
}: {
  eventId: string;
  /** Called with the override's verdict, or null when the guard cancelled. */
  onDone: (verdict: GateVerdict | null) => void;
}) {
  const { t } = useTranslation();
  const { client } = useStation();
  const [pin, setPin] = useState('');
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const pinInput = useRef<HTMLInputElement>(null);
  useEffect(() => pinInput.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const verdict = await run(() => client.gate.override({ eventId, pin, reason }));
    if (verdict) onDone(verdict);
    else setPin('');
  };

  return (
    <div className="overlay">
      <form
        className="card card--narrow override"
        role="dialog"
        aria-modal="true"
        aria-labelledby="override-title"
        onSubmit={submit}
        noValidate
      >
        <h2 id="override-title">{t('gateMode.override.title')}</h2>
        <p className="muted">{t('gateMode.override.intro')}</p>
        {error && (
          <div className="alert alert--error" role="alert">
            {error.code === 'forbidden' ? (
              t('gateMode.override.wrongPin')
            ) : (
              <ErrorText
                error={error}
                fieldLabels={{ pin: t('gateMode.override.pin'), reason: t('gateMode.override.reason') }}
              />
            )}
          </div>
        )}
        <label className="field">
          <span className="field__label">{t('gateMode.override.pin')}</span>
          <input
            ref={pinInput}
            className="field__input"
            type="password"
            inputMode="numeric"
            autoComplete="off"
            value={pin}
            onChange={(e) => setPin(e.target.value)}
            required
          />
        </label>
        <label className="field">
          <span className="field__label">{t('gateMode.override.reason')}</span>
          <textarea
            className="field__input"
            rows={3}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            required
          />
        </label>
        <div className="override__actions">
          <button type="button" className="button button--quiet" onClick={() => onDone(null)}>
            {t('gateMode.override.cancel')}
          </button>
          <button
            type="submit"
            className="button button--primary"
            disabled={busy || !pin || reason.trim().length < 3}
          >
            {t('gateMode.override.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}
