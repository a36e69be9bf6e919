// Legal holds (issue #15): an admin finds a person, holds them with a reason, and releases a hold. What a
// hold covers is never anonymised by retention nor erased; the station refuses everyone but an admin.
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../../shared/api';
import { useStation } from '../../../api/StationProvider';
import { ErrorAlert } from '../../../components/ErrorText';
import { useDates } from '../../../format';
import { useAction, useLive } from '../shared';
import { AdminTable } from './parts';

type Person = OutputOf<'privacy.findPerson'>['people'][number];

export function LegalHolds({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const dates = useDates();
  const load = useCallback(() => client.privacy.holds({}), [client]);
  const { data, error, reload } = useLive(load, []);
  const { busy, error: actionError, run } = useAction();
  const [query, setQuery] = useState('');
  const [people, setPeople] = useState<Person[] | null>(null);
  const [chosen, setChosen] = useState<Person | null>(null);
  const [reason, setReason] = useState('');

  const find = async (e: FormEvent) => {
    e.preventDefault();
    setChosen(null);
    const found = await run(() => client.privacy.findPerson({ query }));
    setPeople(found?.people ?? null);
  };
  const place = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    const done = await run(() => client.privacy.placeHold({ visitorId: chosen.visitorId, reason }));
    if (!done) return;
    setChosen(null);
    setPeople(null);
    setReason('');
    setQuery('');
    reload();
    onChanged();
  };
  const release = async (holdId: string) => {
    if (await run(() => client.privacy.releaseHold({ holdId }))) onChanged();
    reload();
  };

  return (
    <section aria-label={t('admin.holds.title')}>
      <h2>{t('admin.holds.title')}</h2>
      <p className="desk-hint">{t('admin.holds.help')}</p>
      <ErrorAlert error={actionError ?? error} />
      <form className="desk-form" aria-label={t('admin.holds.find')} onSubmit={(e) => void find(e)}>
        <label>
          {t('admin.holds.query')}
          <input value={query} minLength={2} required onChange={(e) => setQuery(e.target.value)} />
        </label>
        <button type="submit" className="small-button" disabled={busy}>
          {t('admin.holds.search')}
        </button>
      </form>
      {people && people.length === 0 && <p role="status">{t('admin.holds.nobody')}</p>}
      {people && people.length > 0 && (
        <AdminTable
          caption={t('admin.holds.found')}
          columns={[t('admin.holds.person'), t('admin.holds.contact'), t('admin.holds.visits')]}
        >
          {people.map((person) => (
            <tr key={person.visitorId}>
              <td>
                {person.name}
                {person.company ? ` (${person.company})` : ''}
              </td>
              <td>{[person.email, person.phone].filter(Boolean).join(', ') || '—'}</td>
              <td>
                {t('admin.holds.visitCount', { count: person.visits })}
                {person.lastVisitAt ? ` · ${dates.dateTime(person.lastVisitAt)}` : ''}
              </td>
              <td className="actions">
                <button
                  type="button"
                  className="small-button"
                  aria-pressed={chosen?.visitorId === person.visitorId}
                  aria-label={t('admin.holds.chooseWho', { name: person.name })}
                  onClick={() => setChosen(person)}
                >
                  {t('admin.holds.choose')}
                </button>
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
      {chosen && (
        <form
          className="desk-form"
          aria-label={t('admin.holds.placeOn', { name: chosen.name })}
          onSubmit={(e) => void place(e)}
        >
          <label>
            {t('admin.holds.reason')}
            <input
              value={reason}
              required
              minLength={3}
              maxLength={500}
              onChange={(e) => setReason(e.target.value)}
            />
          </label>
          <p className="desk-hint">{t('admin.holds.reasonHelp')}</p>
          <button type="submit" className="small-button small-button--primary" disabled={busy}>
            {t('admin.holds.place')}
          </button>
        </form>
      )}
      {data && data.holds.length === 0 && <p>{t('admin.holds.none')}</p>}
      {data && data.holds.length > 0 && (
        <AdminTable
          caption={t('admin.holds.inForce')}
          showCaption
          columns={[
            t('admin.holds.holds'),
            t('admin.holds.reason'),
            t('admin.holds.placedBy'),
            t('admin.holds.placedAt'),
          ]}
        >
          {data.holds.map((hold) => {
            const who = hold.name || t('admin.holds.unknown');
            return (
              <tr key={hold.id}>
                <td>
                  {hold.visitId
                    ? t('admin.holds.visitOf', { name: who, time: dates.dateTime(hold.visitAt) })
                    : who}
                </td>
                <td>{hold.reason}</td>
                <td>{hold.placedByName ?? '—'}</td>
                <td>{dates.dateTime(hold.createdAt)}</td>
                <td className="actions">
                  <button
                    type="button"
                    className="small-button"
                    disabled={busy}
                    aria-label={t('admin.holds.releaseWho', { name: who })}
                    onClick={() => void release(hold.id)}
                  >
                    {t('admin.holds.release')}
                  </button>
                </td>
              </tr>
            );
          })}
        </AdminTable>
      )}
    </section>
  );
}
