// One gate decision, full-screen: green to let through, red to stop, the person's name in large type, and
// the reason in plain words. It says whether the gate really opened: a relay that did not answer is shown
// as "open it by hand", never as open.
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { GateVerdict } from '../../../shared/api/gate';
import { useLive } from '../../api/hooks';
import { useStation } from '../../api/StationProvider';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

/** The photo taken at check-in, when this station has it; null while loading or when there is none. */
function usePhoto(verdict: GateVerdict): string | null {
  const { client } = useStation();
  const wanted = verdict.visitor?.hasPhoto ? verdict.visitId : null;
  const load = useCallback(() => client.visits.photo({ visitId: wanted! }), [client, wanted]);
  // No photo is not an error at a gate: the initials and "check an ID" stand in. Never the photo of the
  // verdict before.
  const { data } = useLive(load, [], { enabled: wanted !== null, resetOnChange: true });
  return wanted ? (data?.photo ?? null) : null;
}

export function VerdictView({
  verdict,
  onDismiss,
  onOverride,
}: {
  verdict: GateVerdict;
  onDismiss: () => void;
  /** Offered on refusals only. */
  onOverride: (() => void) | null;
}) {
  const { t } = useTranslation();
  const { granted, visitor, host, zone, reason } = verdict;
  const photo = usePhoto(verdict);
  const tone = granted ? (verdict.watchlist?.verdict === 'alert' ? 'alert' : 'granted') : 'refused';
  const headline = verdict.override
    ? t('gateMode.overridden')
    : granted
      ? t('gateMode.granted')
      : t('gateMode.refused');
  return (
    <section
      className={`verdict verdict--${tone}`}
      role="alert"
      aria-live="assertive"
      data-granted={granted ? 'yes' : 'no'}
    >
      <p className="verdict__headline">{headline}</p>
      {visitor ? (
        <div className="verdict__person">
          {photo ? (
            <img
              className="verdict__photo"
              src={photo}
              alt={t('gateMode.photoAlt', { name: visitor.name })}
            />
          ) : (
            <span className="verdict__photo" aria-hidden="true">
              {initials(visitor.name)}
            </span>
          )}
          <div>
            <p className="verdict__name">{visitor.name}</p>
            {visitor.company && <p className="verdict__company">{visitor.company}</p>}
            <p className="verdict__detail">
              {photo
                ? t('gateMode.checkPhoto')
                : visitor.hasPhoto
                  ? t('gateMode.photoOnFile')
                  : t('gateMode.noPhoto')}
            </p>
          </div>
        </div>
      ) : (
        verdict.pass && <p className="verdict__detail">{t('gateMode.unknownVisitor')}</p>
      )}
      {reason && <p className="verdict__reason">{t(`gateMode.reasons.${reason}`)}</p>}
      <ul className="verdict__facts">
        {host && <li>{t('gateMode.host', { name: host.name })}</li>}
        {zone && <li>{t('gateMode.zone', { name: zone.name })}</li>}
        {verdict.checkedIn && <li>{t('gateMode.checkedIn')}</li>}
        {verdict.exitWithoutEntry && <li>{t('gateMode.exitWithoutEntry')}</li>}
        {verdict.watchlist?.verdict === 'alert' && (
          <li className="verdict__warning">{t('gateMode.watchlistAlert')}</li>
        )}
        {verdict.relay !== 'not_asked' && (
          <li className={verdict.relay === 'failed' ? 'verdict__warning' : undefined}>
            {t(`gateMode.relay.${verdict.relay}`)}
          </li>
        )}
      </ul>
      <div className="verdict__actions">
        {onOverride && (
          <button type="button" className="button button--large" onClick={onOverride}>
            {t('gateMode.override.button')}
          </button>
        )}
        <button type="button" className="button button--large button--quiet" onClick={onDismiss}>
          {t('gateMode.next')}
        </button>
      </div>
    </section>
  );
}
