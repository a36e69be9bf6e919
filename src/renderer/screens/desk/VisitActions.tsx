// What staff can do with one visit found by search, each offered only to roles that may: raise an
// incident on it, put its visitor on the watchlist, change its host, cancel it, and for a visitor on site
// extend the stay or reprint the badge (both replace the pass; the old badge stops working).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/api';
import type { VisitSummary } from '../../../shared/api/visits';
import { WATCHLIST_LEVELS, type WatchlistLevel } from '../../../shared/domain';
import { useStation } from '../../api/StationProvider';
import { ErrorAlert } from '../../components/ErrorText';
import { QrCode } from '../../components/QrCode';
import { RaiseForm } from './IncidentsPanel';
import { HostPicker, useAction, useFormatDateTime } from './shared';

export function VisitActions({ visit, onChanged }: { visit: VisitSummary; onChanged: () => void }) {
  const { t } = useTranslation();
  const { client, mayCall } = useStation();
  const { busy, error, run } = useAction();
  const [done, setDone] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [level, setLevel] = useState<WatchlistLevel>('alert');
  const [host, setHost] = useState<{ id: string; name: string; department: string | null } | null>(null);
  const open = ['expected', 'approved', 'pending_approval'].includes(visit.status);
  const onSite = visit.status === 'checked_in';
  const format = useFormatDateTime();
  const [until, setUntil] = useState('');
  // The new pass, shown as a QR code when no badge printer took it.
  const [newPass, setNewPass] = useState<OutputOf<'visits.reprintBadge'> | null>(null);

  const after = (message: string) => {
    setDone(message);
    onChanged();
  };
  const addToWatchlist = async (e: FormEvent) => {
    e.preventDefault();
    if (await run(() => client.watchlist.addFromVisit({ visitId: visit.id, reason, level })))
      after(t('visitActions.watchlisted', { name: visit.visitor.name }));
  };
  const changeHost = async (e: FormEvent) => {
    e.preventDefault();
    if (host && (await run(() => client.visits.changeHost({ visitId: visit.id, hostId: host.id }))))
      after(t('visitActions.hostChanged', { name: host.name }));
  };
  const replaced = (result: OutputOf<'visits.reprintBadge'> | undefined, message: string) => {
    if (!result) return;
    setNewPass(result);
    after(`${message} ${result.printJobId ? t('visitActions.badgeQueued') : t('visitActions.noPrinter')}`);
  };
  const extend = async (e: FormEvent) => {
    e.preventDefault();
    const validUntil = until ? new Date(until).toISOString() : '';
    const result = await run(() => client.visits.extend({ visitId: visit.id, validUntil }));
    replaced(result, t('visitActions.extended', { until: format(result?.pass.validUntil ?? null) }));
  };
  const reprint = async () =>
    replaced(await run(() => client.visits.reprintBadge({ visitId: visit.id })), t('visitActions.reprinted'));
  const cancel = async () => {
    if (await run(() => client.visits.cancel({ visitId: visit.id }))) after(t('visitActions.cancelled'));
  };

  return (
    <section aria-labelledby="visit-actions-title">
      <h2 id="visit-actions-title">{t('visitActions.title', { name: visit.visitor.name })}</h2>
      <ErrorAlert
        error={error}
        fieldLabels={{ reason: t('watchlist.reason'), validUntil: t('visitActions.until') }}
      />
      {done && <p role="status">{done}</p>}
      {newPass && !newPass.printJobId && (
        <QrCode
          text={newPass.token}
          label={t('visitActions.newPass', { name: visit.visitor.name })}
          size={200}
        />
      )}
      {mayCall('visits.extend') && onSite && (
        <form className="desk-form" onSubmit={(e) => void extend(e)} aria-label={t('visitActions.extend')}>
          <label>
            {t('visitActions.until')}
            <input type="datetime-local" required value={until} onChange={(e) => setUntil(e.target.value)} />
          </label>
          <button type="submit" className="small-button" disabled={busy}>
            {t('visitActions.extend')}
          </button>
        </form>
      )}
      {mayCall('visits.reprintBadge') && onSite && (
        <p>
          <button type="button" className="small-button" disabled={busy} onClick={() => void reprint()}>
            {t('visitActions.reprint')}
          </button>
        </p>
      )}
      {mayCall('incidents.raise') && (
        <RaiseForm visitId={visit.id} onRaised={() => after(t('visitActions.raised'))} />
      )}
      {mayCall('watchlist.addFromVisit') && (
        <form
          className="desk-form"
          onSubmit={(e) => void addToWatchlist(e)}
          aria-label={t('visitActions.watchlist')}
        >
          <label>
            {t('watchlist.reason')}
            <input value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <label>
            {t('watchlist.level')}
            <select value={level} onChange={(e) => setLevel(e.target.value as WatchlistLevel)}>
              {WATCHLIST_LEVELS.map((l) => (
                <option key={l} value={l}>
                  {t(`watchlist.levels.${l}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="small-button small-button--danger" disabled={busy}>
            {t('visitActions.watchlist')}
          </button>
        </form>
      )}
      {mayCall('visits.changeHost') && visit.status !== 'checked_out' && (
        <form
          className="desk-form"
          onSubmit={(e) => void changeHost(e)}
          aria-label={t('visitActions.changeHost')}
        >
          <HostPicker label={t('visitActions.newHost')} value={host} onChange={setHost} />
          <button type="submit" className="small-button" disabled={busy || !host}>
            {t('visitActions.changeHost')}
          </button>
        </form>
      )}
      {mayCall('visits.cancel') && open && (
        <p>
          <button
            type="button"
            className="small-button small-button--danger"
            disabled={busy}
            onClick={() => void cancel()}
          >
            {t('visitActions.cancel')}
          </button>
        </p>
      )}
    </section>
  );
}
