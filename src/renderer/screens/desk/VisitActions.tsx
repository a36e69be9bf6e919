// What staff can do with one visit found by search, each offered only to roles that may: raise an
// incident on it, put its visitor on the watchlist, change its host, cancel it.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { VisitSummary } from '../../../shared/api/visits';
import { WATCHLIST_LEVELS, type WatchlistLevel } from '../../../shared/domain';
import { useStation } from '../../api/StationProvider';
import { ErrorAlert } from '../../components/ErrorText';
import { RaiseForm } from './IncidentsPanel';
import { HostPicker, useAction } from './shared';

export function VisitActions({ visit, onChanged }: { visit: VisitSummary; onChanged: () => void }) {
  const { t } = useTranslation();
  const { client, mayCall } = useStation();
  const { busy, error, run } = useAction();
  const [done, setDone] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [level, setLevel] = useState<WatchlistLevel>('alert');
  const [host, setHost] = useState<{ id: string; name: string; department: string | null } | null>(null);
  const open = ['expected', 'approved', 'pending_approval'].includes(visit.status);

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
  const cancel = async () => {
    if (await run(() => client.visits.cancel({ visitId: visit.id }))) after(t('visitActions.cancelled'));
  };

  return (
    <section aria-labelledby="visit-actions-title">
      <h2 id="visit-actions-title">{t('visitActions.title', { name: visit.visitor.name })}</h2>
      <ErrorAlert error={error} fieldLabels={{ reason: t('watchlist.reason') }} />
      {done && <p role="status">{done}</p>}
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
