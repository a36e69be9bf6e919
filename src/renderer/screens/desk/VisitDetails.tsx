// What reception needs to decide on one visit (visits.details): the photo, company and contact, the
// visitor type, the documents signed, the ID document's last characters, and the visit's timeline. The
// approvals list shows it compact (no timeline) beside each visit; the search shows it whole, with an
// admin's "Hold this visit" (a legal hold on the visit alone).
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../api/StationProvider';
import { ErrorAlert } from '../../components/ErrorText';
import { localName } from '../../format';
import { HoldForm } from './admin/LegalHolds';
import { useFormatDateTime, useLive } from './shared';

export function VisitDetails({ visitId, compact = false }: { visitId: string; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const { client, mayCall } = useStation();
  const format = useFormatDateTime();
  const load = useCallback(() => client.visits.details({ visitId }), [client, visitId]);
  const { data: visit, error, reload } = useLive(load, ['visit.changed']);
  const language = i18n.resolvedLanguage ?? 'en';
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (!visit) return null;
  const none = t('visitDetails.none');
  const contact = [visit.visitor.email, visit.visitor.phone].filter(Boolean).join(' · ');

  return (
    <section
      className={`visit-details${compact ? ' visit-details--compact' : ''}`}
      aria-label={t('visitDetails.title', { name: visit.visitor.name })}
    >
      {visit.photo ? (
        <img
          className="visit-details__photo"
          src={visit.photo}
          alt={t('visitDetails.photoOf', { name: visit.visitor.name })}
        />
      ) : (
        <p className="visit-details__photo visit-details__photo--none">{t('visitDetails.noPhoto')}</p>
      )}
      <dl className="visit-details__facts">
        <dt>{t('visitDetails.company')}</dt>
        <dd>{visit.visitor.company ?? none}</dd>
        <dt>{t('visitDetails.contact')}</dt>
        <dd>{contact || none}</dd>
        <dt>{t('visitDetails.type')}</dt>
        <dd>{visit.visitorType ? localName(visit.visitorType.names, language) : none}</dd>
        <dt>{t('visitDetails.documents')}</dt>
        <dd>
          {visit.documents.length === 0
            ? t('visitDetails.noDocuments')
            : visit.documents
                .map((d) =>
                  t('visitDetails.signed', {
                    title: localName(d.titles, language),
                    version: d.version,
                    at: format(d.signedAt),
                  }),
                )
                .join('; ')}
        </dd>
        <dt>{t('visitDetails.idDocument')}</dt>
        <dd>
          {visit.idDocument
            ? visit.idDocument.last2
              ? t('visitDetails.idEndsWith', {
                  kind: t(`kioskFlow.id.kinds.${visit.idDocument.kind}`),
                  last: visit.idDocument.last2,
                })
              : t(`kioskFlow.id.kinds.${visit.idDocument.kind}`)
            : t('visitDetails.noId')}
        </dd>
      </dl>
      {!compact && (
        <ol className="visit-details__timeline" aria-label={t('visitDetails.timeline')}>
          {visit.timeline.map((e, i) => (
            <li key={i}>
              <span className="num">{format(e.at)}</span> {t(`visitDetails.events.${e.event}`)}
              {e.actorName ? ` — ${e.actorName}` : ''}
              {e.reason ? ` (${e.reason})` : ''}
            </li>
          ))}
        </ol>
      )}
      {!compact && mayCall('privacy.placeHold') && (
        <div className="visit-details__hold">
          <HoldVisit visitId={visitId} name={visit.visitor.name} />
        </div>
      )}
    </section>
  );
}

/** An admin's legal hold on this one visit (issue #15): retention and erasure leave it alone until released. */
function HoldVisit({ visitId, name }: { visitId: string; name: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [held, setHeld] = useState(false);
  if (held) return <p role="status">{t('visitDetails.held', { name })}</p>;
  if (!open)
    return (
      <p>
        <button type="button" className="small-button" aria-expanded={false} onClick={() => setOpen(true)}>
          {t('visitDetails.hold')}
        </button>
      </p>
    );
  return (
    <HoldForm
      label={t('visitDetails.holdTitle', { name })}
      hold={{ visitId }}
      submitLabel={t('visitDetails.hold')}
      onPlaced={() => setHeld(true)}
    />
  );
}
