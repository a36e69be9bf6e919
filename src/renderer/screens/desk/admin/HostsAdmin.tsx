// The host directory: find, add, edit, deactivate (kept for past visits, no longer offered) and bring back;
// and a CSV import that shows what it would add, change and deactivate, and each line's problems, before
// anything is applied. Every change goes to the sync server as a host op.
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../../shared/api';
import { useStation } from '../../../api/StationProvider';
import { ErrorAlert } from '../../../components/ErrorText';
import { CsvSource, useAction, useLive } from '../shared';
import { ActiveToggle, AdminTable, EditButton } from './parts';

type Host = OutputOf<'hosts.list'>['hosts'][number];
const EMPTY = { name: '', email: '', phone: '', department: '' };

export function HostsAdmin() {
  const { t } = useTranslation();
  const { client } = useStation();
  const [query, setQuery] = useState('');
  const load = useCallback(() => client.hosts.list({ query }), [client, query]);
  const { data, error, reload } = useLive(load, ['sync.changed']);
  const { busy, error: actionError, run } = useAction();
  const [editing, setEditing] = useState<Host | null>(null);

  const setActive = async (host: Host) => {
    if (await run(() => client.hosts.setActive({ hostId: host.id, active: !host.active }))) reload();
  };

  return (
    <>
      <h2>{t('admin.hosts.title')}</h2>
      <HostForm
        key={editing?.id ?? 'new'}
        host={editing}
        onSaved={() => {
          setEditing(null);
          reload();
        }}
        onCancel={() => setEditing(null)}
      />
      <label className="desk-search">
        {t('admin.hosts.find')}
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
      </label>
      <ErrorAlert error={actionError ?? error} />
      {data?.hosts.length === 0 && <p className="empty">{t('admin.hosts.none')}</p>}
      {data?.more && <p className="desk-hint">{t('admin.hosts.more', { count: data.hosts.length })}</p>}
      {data && data.hosts.length > 0 && (
        <AdminTable
          caption={t('admin.hosts.title')}
          columns={[
            t('admin.hosts.name'),
            t('admin.hosts.email'),
            t('admin.hosts.phone'),
            t('admin.hosts.department'),
            t('admin.status'),
          ]}
        >
          {data.hosts.map((host) => (
            <tr key={host.id}>
              <td>{host.name}</td>
              <td>{host.email ?? '—'}</td>
              <td>{host.phone ?? '—'}</td>
              <td>{host.department ?? '—'}</td>
              <td>{host.active ? t('admin.active') : t('admin.inactive')}</td>
              <td className="actions">
                <EditButton name={host.name} onEdit={() => setEditing(host)} />
                <ActiveToggle
                  name={host.name}
                  active={host.active}
                  busy={busy}
                  onToggle={() => void setActive(host)}
                />
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
      <HostCsvImport onApplied={reload} />
    </>
  );
}

function HostForm({
  host,
  onSaved,
  onCancel,
}: {
  host: Host | null;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { client } = useStation();
  const { busy, error, run } = useAction();
  const [fields, setFields] = useState(
    host
      ? {
          name: host.name,
          email: host.email ?? '',
          phone: host.phone ?? '',
          department: host.department ?? '',
        }
      : EMPTY,
  );
  const title = host ? t('admin.editWho', { name: host.name }) : t('admin.hosts.add');
  const orNull = (v: string) => (v.trim() ? v.trim() : null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const saved = await run(() =>
      client.hosts.save({
        ...(host ? { hostId: host.id } : {}),
        name: fields.name,
        email: orNull(fields.email),
        phone: orNull(fields.phone),
        department: orNull(fields.department),
      }),
    );
    if (saved) {
      setFields(EMPTY);
      onSaved();
    }
  };
  const input = (key: keyof typeof EMPTY, type = 'text') => (
    <label>
      {t(`admin.hosts.${key}`)}
      <input
        type={type}
        value={fields[key]}
        onChange={(e) => setFields({ ...fields, [key]: e.target.value })}
      />
    </label>
  );

  return (
    <form className="desk-form" aria-label={title} onSubmit={(e) => void submit(e)}>
      {input('name')}
      {input('email', 'email')}
      {input('phone', 'tel')}
      {input('department')}
      <button type="submit" className="small-button small-button--primary" disabled={busy}>
        {host ? t('admin.save') : t('admin.hosts.add')}
      </button>
      {host && (
        <button type="button" className="small-button" onClick={onCancel}>
          {t('admin.cancel')}
        </button>
      )}
      <div className="wide">
        <ErrorAlert
          error={error}
          fieldLabels={{
            name: t('admin.hosts.name'),
            email: t('admin.hosts.email'),
            phone: t('admin.hosts.phone'),
            department: t('admin.hosts.department'),
          }}
        />
      </div>
    </form>
  );
}

function HostCsvImport({ onApplied }: { onApplied: () => void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const { busy, error, run } = useAction();
  const [csv, setCsv] = useState('');
  const [plan, setPlan] = useState<OutputOf<'hosts.importCsv'> | null>(null);

  const send = async (dryRun: boolean) => {
    const answer = await run(() => client.hosts.importCsv({ csv, dryRun }));
    if (answer) setPlan(answer);
    if (answer && !dryRun) onApplied();
  };
  const changes = plan ? plan.added.length + plan.changed.length + plan.deactivated.length : 0;

  return (
    <>
      <h2>{t('admin.hosts.import')}</h2>
      <p className="desk-hint">{t('admin.hosts.importHelp')}</p>
      <form
        className="desk-form"
        aria-label={t('admin.hosts.import')}
        onSubmit={(e) => {
          e.preventDefault();
          void send(true);
        }}
      >
        <CsvSource
          label={t('admin.hosts.csvText')}
          fileLabel={t('preRegister.csvFile')}
          value={csv}
          onChange={(text) => {
            setCsv(text);
            setPlan(null);
          }}
        />
        <button type="submit" className="small-button" disabled={busy || !csv.trim()}>
          {t('admin.hosts.preview')}
        </button>
        <button
          type="button"
          className="small-button small-button--primary"
          disabled={busy || !plan?.dryRun || plan.problems.length > 0 || changes === 0}
          onClick={() => void send(false)}
        >
          {t('admin.hosts.apply')}
        </button>
        <div className="wide">
          <ErrorAlert error={error} fieldLabels={{ csv: t('admin.hosts.csvText') }} />
        </div>
      </form>
      {plan && <HostPlan plan={plan} />}
    </>
  );
}

function HostPlan({ plan }: { plan: OutputOf<'hosts.importCsv'> }) {
  const { t } = useTranslation();
  const counts = {
    added: plan.added.length,
    changed: plan.changed.length,
    deactivated: plan.deactivated.length,
  };
  return (
    <>
      <p role="status" className={plan.problems.length ? 'desk-problem' : ''}>
        {plan.problems.length
          ? t('admin.hosts.problemLines', { count: plan.problems.length })
          : t(plan.dryRun ? 'admin.hosts.wouldChange' : 'admin.hosts.applied', counts)}
      </p>
      {plan.problems.length > 0 && (
        <AdminTable
          caption={t('admin.hosts.problems')}
          showCaption
          actions={false}
          columns={[t('preRegister.line'), t('admin.hosts.column'), t('admin.hosts.problem')]}
        >
          {plan.problems.map((p) => (
            <tr key={`${p.line}-${p.field}`}>
              <td className="num">{p.line}</td>
              <td>{t(`admin.hosts.${p.field}`)}</td>
              <td>{t(`admin.hosts.csvProblems.${p.code}`)}</td>
            </tr>
          ))}
        </AdminTable>
      )}
      <div className="desk-columns">
        <PlanList title={t('admin.hosts.added')} names={plan.added.map((h) => h.email ?? h.name)} />
        <PlanList
          title={t('admin.hosts.changed')}
          names={plan.changed.map(
            (h) => `${h.name} (${h.fields.map((f) => t(`admin.hosts.${f}`)).join(', ')})`,
          )}
        />
        <PlanList title={t('admin.hosts.deactivated')} names={plan.deactivated.map((h) => h.name)} />
      </div>
    </>
  );
}

function PlanList({ title, names }: { title: string; names: string[] }) {
  const { t } = useTranslation();
  return (
    <section aria-label={title}>
      <h3>
        {title} ({names.length})
      </h3>
      {names.length === 0 ? (
        <p className="empty">{t('admin.hosts.nothing')}</p>
      ) : (
        <ul>
          {names.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
