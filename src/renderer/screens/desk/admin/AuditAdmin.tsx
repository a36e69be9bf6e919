// The audit log for admins: whether the hash chain is intact (and where it first breaks), and the entries,
// newest first, a page at a time, narrowed by action, actor and dates.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { methodNames, type InputOf, type OutputOf } from '../../../../shared/api';
import { useStation } from '../../../api/StationProvider';
import { ErrorAlert } from '../../../components/ErrorText';
import { useAction, useFormatDateTime, useLive } from '../shared';
import { AdminTable } from './parts';

type Entry = OutputOf<'audit.list'>['entries'][number];
type Filter = Omit<InputOf<'audit.list'>, 'beforeSeq' | 'limit'>;
const PAGE = 50;
// Every action a filter can name: each method, and each area as `area.*`.
const ACTIONS = [
  ...new Set(methodNames.map((name) => `${name.split('.')[0]}.*`)),
  ...methodNames,
  // Entries the station writes itself, not through a method.
  'demo.seed',
  'gate.relay',
  'sync.enroll',
].sort();

/** Start of a local date, or of the day after it (for an inclusive "to" date), as an ISO time. */
const dayStart = (date: string, after = false) => {
  if (!date) return undefined;
  const day = new Date(`${date}T00:00:00`);
  if (after) day.setDate(day.getDate() + 1);
  return day.toISOString();
};

export function AuditAdmin() {
  const { t } = useTranslation();
  return (
    <>
      <h2>{t('admin.audit.title')}</h2>
      <ChainStatus />
      <AuditEntries />
    </>
  );
}

function ChainStatus() {
  const { t } = useTranslation();
  const { client } = useStation();
  const load = useCallback(() => client.audit.verify(), [client]);
  const { data, error, reload } = useLive(load, []);
  return (
    <div className="desk-form">
      {data?.ok && (
        <p className="admin-verify wide" role="status">
          {t('admin.audit.intact', { count: data.checked })}
        </p>
      )}
      {data?.firstBroken && (
        <p className="alert alert--error wide" role="alert">
          {t('admin.audit.broken', { seq: data.firstBroken.seq, checked: data.checked })}{' '}
          {t(`admin.audit.brokenBecause.${data.firstBroken.code}`)}
        </p>
      )}
      <ErrorAlert error={error} />
      <button type="button" className="small-button" onClick={reload}>
        {t('admin.audit.verify')}
      </button>
    </div>
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A plural key: i18next picks admin.audit.signIn.lockedFor_one or _other from the count.
const LOCKED_FOR = 'admin.audit.signIn.lockedFor';
const SIGN_IN_REASONS = ['wrong_secret', 'unknown_login', 'disabled', 'locked'] as const;

/**
 * Whom a sign-in entry is about: the staff account by name, or a name or badge that matched none by the
 * start of its keyed digest (the station never keeps what was typed); entries from before that by login.
 */
function signInWho(t: ReturnType<typeof useTranslation>['t'], entry: Entry): string {
  const d = entry.details;
  if (entry.actorName) return entry.actorName;
  if (typeof d.typed === 'string') {
    const ref = d.typed.slice(d.typed.indexOf(':') + 1, d.typed.indexOf(':') + 9);
    return t(d.badge ? 'admin.audit.signIn.unknownBadge' : 'admin.audit.signIn.unknownName', { ref });
  }
  return typeof d.login === 'string' ? `“${d.login}”` : t('admin.audit.signIn.badge');
}

/** Nested details as "key: value" pairs, one level of dots deep per nesting (list items numbered from 1). */
function flatten(value: unknown, prefix = ''): Array<[string, unknown]> {
  const at = (k: string | number) => (prefix ? `${prefix}.${k}` : String(k));
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return [[prefix, value.join(', ')]];
    return value.flatMap((v, i) => flatten(v, at(i + 1)));
  }
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => flatten(v, at(k)));
  return [[prefix, value]];
}

/**
 * An entry's details as text a person reads: a sign-in as a sentence in the screen's language, anything
 * else as "what: value" with ids shown as the staff member they name, or left out (they mean nothing here).
 */
function AuditDetails({ entry, users }: { entry: Entry; users: Array<{ id: string; name: string }> }) {
  const { t } = useTranslation();
  const d = entry.details;
  if (entry.action === 'session.signIn') {
    const reason = SIGN_IN_REASONS.find((r) => r === d.reason);
    const where = { who: signInWho(t, entry), client: String(d.client ?? '') };
    if (entry.outcome === 'ok') return <>{t('admin.audit.signIn.ok', where)}</>;
    if (!reason) return <>{t('admin.audit.signIn.refused', where)}</>;
    const seconds = Number(d.lockedForSeconds ?? d.retryAfterSeconds ?? 0);
    return (
      <>
        {t(`admin.audit.signIn.${reason}`, where)}
        {seconds > 0 && ` ${t(LOCKED_FOR, { count: seconds })}`}
      </>
    );
  }
  const names = new Map(users.map((u) => [u.id, u.name]));
  const pairs = flatten(d).flatMap(([key, value]): Array<[string, string]> => {
    if (typeof value === 'string' && UUID.test(value))
      return names.has(value) ? [[key, names.get(value)!]] : [];
    if (value === null || value === undefined || value === '') return [];
    return [[key, String(value)]];
  });
  return (
    <>
      {pairs.map(([key, value]) => (
        <span key={key} className="admin-detail">
          {key.replace(/^input\./, '')}: {value}
        </span>
      ))}
    </>
  );
}

function AuditEntries() {
  const { t } = useTranslation();
  const { client } = useStation();
  const format = useFormatDateTime();
  const { busy, error, run } = useAction();
  const [users, setUsers] = useState<OutputOf<'staff.list'>['users']>([]);
  const [draft, setDraft] = useState({ action: '', actorId: '', from: '', to: '' });
  const [entries, setEntries] = useState<Entry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [filter, setFilter] = useState<Filter>({});

  const fetchPage = useCallback(
    async (applied: Filter, beforeSeq?: number) => {
      const page = await run(() =>
        client.audit.list({ ...applied, limit: PAGE, ...(beforeSeq ? { beforeSeq } : {}) }),
      );
      if (!page) return;
      setEntries((shown) => (beforeSeq ? [...shown, ...page.entries] : page.entries));
      setNext(page.nextBeforeSeq);
    },
    [client, run],
  );
  useEffect(() => {
    void fetchPage({});
    client.staff.list().then(
      (r) => setUsers(r.users),
      () => setUsers([]),
    );
  }, [client, fetchPage]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const applied: Filter = {
      ...(draft.action.trim() ? { action: draft.action.trim() } : {}),
      ...(draft.actorId ? { actorId: draft.actorId } : {}),
      ...(draft.from ? { from: dayStart(draft.from) } : {}),
      ...(draft.to ? { until: dayStart(draft.to, true) } : {}),
    };
    setFilter(applied);
    void fetchPage(applied);
  };

  return (
    <>
      <form className="desk-form" aria-label={t('admin.audit.filters')} onSubmit={apply}>
        <label>
          {t('admin.audit.action')}
          <input
            list="audit-actions"
            value={draft.action}
            placeholder="visits.*"
            onChange={(e) => setDraft({ ...draft, action: e.target.value })}
          />
          <datalist id="audit-actions">
            {ACTIONS.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </label>
        <label>
          {t('admin.audit.actor')}
          <select value={draft.actorId} onChange={(e) => setDraft({ ...draft, actorId: e.target.value })}>
            <option value="">{t('admin.audit.anyone')}</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('admin.audit.from')}
          <input
            type="date"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </label>
        <label>
          {t('admin.audit.to')}
          <input type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </label>
        <button type="submit" className="small-button small-button--primary" disabled={busy}>
          {t('admin.audit.show')}
        </button>
        <div className="wide">
          <ErrorAlert error={error} fieldLabels={{ action: t('admin.audit.action') }} />
        </div>
      </form>
      {entries.length === 0 && !busy && <p className="empty">{t('admin.audit.none')}</p>}
      {entries.length > 0 && (
        <AdminTable
          caption={t('admin.audit.title')}
          actions={false}
          columns={[
            '#',
            t('admin.audit.when'),
            t('admin.audit.actor'),
            t('admin.audit.action'),
            t('admin.audit.outcome'),
            t('admin.audit.details'),
          ]}
        >
          {entries.map((entry) => (
            <tr key={entry.seq}>
              <td className="num">{entry.seq}</td>
              <td className="num">{format(entry.at)}</td>
              <td>
                {entry.actorName ??
                  (entry.action === 'session.signIn'
                    ? t('admin.audit.signIn.someone')
                    : t(`roles.${entry.role}`))}
              </td>
              <td className="code">{entry.action}</td>
              <td>{t(`admin.audit.outcomes.${entry.outcome}`)}</td>
              <td className="admin-details">
                <AuditDetails entry={entry} users={users} />
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
      {next !== null && (
        <button
          type="button"
          className="small-button"
          disabled={busy}
          onClick={() => void fetchPage(filter, next)}
        >
          {t('admin.audit.older')}
        </button>
      )}
    </>
  );
}
