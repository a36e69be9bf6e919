// An ApiError as a plain sentence in the screen's language: the station's own reason, translated
// (stationReasons.<key>, see api/reasons.ts), else the general sentence of its code (errors.<code>); with
// what is wrong with each field (fieldErrors.<code>).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/errors';
import { sentence } from '../api/reasons';
import { useDates } from '../format';

/** "Try again in 30 seconds" / "in 4 minutes": how long a lock or a rate limit still lasts. */
function retryAfter(t: ReturnType<typeof useTranslation>['t'], seconds: number): string {
  // Plural keys (errors.retryAfter.seconds_one/_other, minutes_…), chosen by i18next from the count.
  const [unit, count] = seconds < 90 ? ['seconds', seconds] : ['minutes', Math.ceil(seconds / 60)];
  return t(`errors.retryAfter.${unit}`, { count });
}

/** "Locked until 09:30:15. Try again in 30 seconds.": the end of a lock in the site's time, from when it was told. */
function LockedUntil({ seconds }: { seconds: number }) {
  const { t } = useTranslation();
  const dates = useDates();
  const [until] = useState(() => Date.now() + seconds * 1000);
  return <>{`${t('errors.lockedUntil', { time: dates.time(until, true) })} ${retryAfter(t, seconds)}`}</>;
}

export function ErrorText({
  error,
  fieldLabels = {},
}: {
  error: ApiError;
  fieldLabels?: Record<string, string>;
}) {
  const { t } = useTranslation();
  const fields = Object.entries(error.fields ?? {});
  return (
    <>
      {/* A lock or throttle that says how long: the short sentence (errors.timed.<code>) and the wait. */}
      {error.retryAfterSeconds ? (
        error.code === 'locked' ? (
          <LockedUntil seconds={error.retryAfterSeconds} />
        ) : (
          `${t(`errors.timed.${error.code}`)} ${retryAfter(t, error.retryAfterSeconds)}`
        )
      ) : (
        sentence(t, error)
      )}
      {fields.length > 0 && (
        <span className="field-problems">
          {fields.map(([field, problem]) => (
            <span key={field} className="field-problem">
              {/* A field the screen has no label for is not named: an internal path means nothing to a visitor. */}
              {fieldLabels[field] ? `${fieldLabels[field]}: ` : null}
              {t(`fieldErrors.${problem.code}`, problem.params ?? {})}
            </span>
          ))}
        </span>
      )}
    </>
  );
}

/** An alert box for a failed action or load; renders nothing without an error. With `onRetry`, a button to try again. */
export function ErrorAlert({
  error,
  fieldLabels,
  onRetry,
}: {
  error: ApiError | null;
  fieldLabels?: Record<string, string>;
  onRetry?: () => void;
}) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div className="alert alert--error" role="alert">
      <ErrorText error={error} {...(fieldLabels ? { fieldLabels } : {})} />
      {onRetry && (
        <>
          {' '}
          <button type="button" className="button button--quiet" onClick={onRetry}>
            {t('app.tryAgain')}
          </button>
        </>
      )}
    </div>
  );
}
