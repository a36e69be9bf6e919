// Watchlist management for security and admins: add a person with a reason and a level, edit the
// reason or level, expire an entry (it stays in the list of expired ones); who added it and when.
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { WATCHLIST_LEVELS, type WatchlistLevel } from '../../../shared/domain';
import { useStation } from '../../api/StationProvider';
import { ErrorAlert } from '../../components/ErrorText';
import { useDates } from '../../format';
import { DeskTable, Optional, useAction, useFormatDateTime, useLive } from './shared';

const endOfDay = (date: string) => (date ? new Date(`${date}T23:59:59`).toISOString() : null);

export function WatchlistPanel() {
  const { t } = useTranslation();
  const { client } = useStation();
  const format = useFormatDateTime();
  const dates = useDates();
  const [includeExpired, setIncludeExpired] = useState(false);
  const load = useCallback(() => client.watchlist.list({ includeExpired }), [client, includeExpired]);
  const { data, error, reload } = useLive(load, []);
  const { busy, error: actionError, run } = useAction();
  const [editing, setEditing] = useState<{ id: string; reason: string; level: WatchlistLevel } | null>(null);

  const expire = async (entryId: string) => {
    if (await run(() => client.watchlist.expire({ entryId }))) reload();
  };
  const saveEdit = async (e: FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    const saved = await run(() =>
      client.watchlist.update({ entryId: editing.id, reason: editing.reason, level: editing.level }),
    );
    if (saved) {
      setEditing(null);
      reload();
    }
  };

  return (
    <section className="desk-panel" aria-labelledby="watchlist-title">
      <h1 id="watchlist-title">{t('watchlist.title')}</h1>
      <AddForm onAdded={reload} />
      <label className="desk-hint">
        <input
          type="checkbox"
          checked={includeExpired}
          onChange={(e) => setIncludeExpired(e.target.checked)}
        />{' '}
        {t('watchlist.includeExpired')}
      </label>
      <ErrorAlert error={actionError ?? error} fieldLabels={{ reason: t('watchlist.reason') }} />
      <DeskTable
        caption={t('watchlist.title')}
        columns={[
          'watchlist.name',
          'watchlist.level',
          'watchlist.reason',
          'watchlist.added',
          'watchlist.expires',
        ]}
        actions
        rows={data?.entries}
        empty={t('watchlist.none')}
      >
        {(entry) => (
          <tr key={entry.id}>
            <td>
              {entry.name}
              {entry.aliases.length > 0 && <span className="desk-hint"> ({entry.aliases.join(', ')})</span>}
              {(entry.dateOfBirth || entry.idNumber) && (
                <span className="desk-hint">
                  {' · '}
                  {[
                    entry.dateOfBirth && t('watchlist.born', { date: dates.day(entry.dateOfBirth) }),
                    // Only a keyed digest is kept (src/main/screening/id-numbers.ts): the list says one is on file.
                    entry.idNumber && t('watchlist.idOnFile'),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              )}
            </td>
            <td>{t(`watchlist.levels.${entry.level}`)}</td>
            <td>
              {editing?.id === entry.id ? (
                <form
                  onSubmit={(e) => void saveEdit(e)}
                  aria-label={t('watchlist.editWho', { name: entry.name })}
                >
                  <input
                    aria-label={t('watchlist.reason')}
                    value={editing.reason}
                    onChange={(e) => setEditing({ ...editing, reason: e.target.value })}
                  />
                  <select
                    aria-label={t('watchlist.level')}
                    value={editing.level}
                    onChange={(e) => setEditing({ ...editing, level: e.target.value as WatchlistLevel })}
                  >
                    {WATCHLIST_LEVELS.map((l) => (
                      <option key={l} value={l}>
                        {t(`watchlist.levels.${l}`)}
                      </option>
                    ))}
                  </select>
                  <button type="submit" className="small-button small-button--primary" disabled={busy}>
                    {t('watchlist.save')}
                  </button>
                </form>
              ) : (
                entry.reason
              )}
            </td>
            <td className="num">
              {format(entry.createdAt)}
              {entry.addedByName ? ` · ${entry.addedByName}` : ''}
            </td>
            <td className="num">{entry.expiresAt ? format(entry.expiresAt) : t('watchlist.never')}</td>
            <td className="actions">
              {entry.active && !entry.changeable && (
                <span className="muted">{t('watchlist.keptElsewhere')}</span>
              )}
              {entry.active && entry.changeable && (
                <>
                  <button
                    type="button"
                    className="small-button"
                    aria-label={t('watchlist.editWho', { name: entry.name })}
                    onClick={() => setEditing({ id: entry.id, reason: entry.reason, level: entry.level })}
                  >
                    {t('watchlist.edit')}
                  </button>
                  <button
                    type="button"
                    className="small-button small-button--danger"
                    disabled={busy}
                    aria-label={t('watchlist.expireWho', { name: entry.name })}
                    onClick={() => void expire(entry.id)}
                  >
                    {t('watchlist.expire')}
                  </button>
                </>
              )}
            </td>
          </tr>
        )}
      </DeskTable>
    </section>
  );
}

function AddForm({ onAdded }: { onAdded: () => void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const { busy, error, run } = useAction();
  const [name, setName] = useState('');
  const [aliases, setAliases] = useState('');
  const [reason, setReason] = useState('');
  const [level, setLevel] = useState<WatchlistLevel>('alert');
  const [expires, setExpires] = useState('');
  const [dateOfBirth, setDateOfBirth] = useState('');
  const [idNumber, setIdNumber] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const added = await run(() =>
      client.watchlist.add({
        name,
        aliases: aliases
          .split(',')
          .map((a) => a.trim())
          .filter(Boolean),
        ...(dateOfBirth ? { dateOfBirth } : {}),
        ...(idNumber.trim() ? { idNumber: idNumber.trim() } : {}),
        reason,
        level,
        expiresAt: endOfDay(expires),
      }),
    );
    if (added) {
      setName('');
      setAliases('');
      setReason('');
      setExpires('');
      setDateOfBirth('');
      setIdNumber('');
      onAdded();
    }
  };

  return (
    <form className="desk-form" onSubmit={(e) => void submit(e)} aria-label={t('watchlist.add')}>
      <label>
        {t('watchlist.name')}
        <input value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        {t('watchlist.aliases')} <Optional />
        <input value={aliases} onChange={(e) => setAliases(e.target.value)} />
      </label>
      <label>
        {t('watchlist.dateOfBirth')} <Optional />
        <input type="date" value={dateOfBirth} onChange={(e) => setDateOfBirth(e.target.value)} />
      </label>
      <label>
        {t('watchlist.idNumber')} <Optional />
        <input value={idNumber} maxLength={60} onChange={(e) => setIdNumber(e.target.value)} />
      </label>
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
      <label>
        {t('watchlist.expires')}
        <input type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
      </label>
      <button type="submit" className="small-button small-button--primary" disabled={busy}>
        {t('watchlist.add')}
      </button>
      <div className="wide">
        <ErrorAlert
          error={error}
          fieldLabels={{
            name: t('watchlist.name'),
            reason: t('watchlist.reason'),
            dateOfBirth: t('watchlist.dateOfBirth'),
            idNumber: t('watchlist.idNumber'),
          }}
        />
      </div>
    </form>
  );
}
