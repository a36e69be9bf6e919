// Incidents, the security tickets: the list (open ones first by default), raising one by hand, and the
// detail with status, assignee, internal notes and the timeline. Live across desks (incident.changed).
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/api';
import { INCIDENT_STATUSES, type IncidentStatus } from '../../../shared/domain';
import { useStation } from '../../api/StationProvider';
import { ErrorAlert } from '../../components/ErrorText';
import { DeskTable, useAction, useFormatDateTime, useLive } from './shared';

type Detail = OutputOf<'incidents.get'>;

export function IncidentsPanel() {
  const { t } = useTranslation();
  const { client } = useStation();
  const format = useFormatDateTime();
  const [showClosed, setShowClosed] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const load = useCallback(
    () => client.incidents.list(showClosed ? {} : { statuses: ['open', 'in_progress'] }),
    [client, showClosed],
  );
  const { data, error } = useLive(load, ['incident.changed']);

  return (
    <section className="desk-panel" aria-labelledby="incidents-title">
      <div className="desk-columns">
        <div>
          <h1 id="incidents-title">{t('incidents.title')}</h1>
          <RaiseForm onRaised={setSelected} />
          <label className="desk-hint">
            <input type="checkbox" checked={showClosed} onChange={(e) => setShowClosed(e.target.checked)} />{' '}
            {t('incidents.showClosed')}
          </label>
          <ErrorAlert error={error} />
          <DeskTable
            caption={t('incidents.title')}
            columns={['incidents.opened', 'incidents.incident', 'incidents.status', 'incidents.assignee']}

            rows={data?.incidents}
            empty={t('incidents.none')}
          >
            {(i) => (
              <tr key={i.id} aria-selected={i.id === selected}>
                <td className="num">{format(i.createdAt)}</td>
                <td>
                  <button type="button" className="small-button" onClick={() => setSelected(i.id)}>
                    {i.title}
                  </button>
                  {i.visitorName ? ` · ${i.visitorName}` : ''}
                </td>
                <td>{t(`incidents.statuses.${i.status}`)}</td>
                <td>{i.assignee?.name ?? '—'}</td>
              </tr>
            )}
          </DeskTable>
        </div>
        {selected && <IncidentDetail key={selected} incidentId={selected} />}
      </div>
    </section>
  );
}

function RaiseForm({ onRaised, visitId }: { onRaised: (id: string) => void; visitId?: string }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const { busy, error, run } = useAction();
  const [title, setTitle] = useState('');
  const [note, setNote] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const raised = await run(() =>
      client.incidents.raise({ title, ...(note.trim() ? { note } : {}), ...(visitId ? { visitId } : {}) }),
    );
    if (raised) {
      setTitle('');
      setNote('');
      onRaised(raised.id);
    }
  };
  return (
    <form className="desk-form" onSubmit={(e) => void submit(e)} aria-label={t('incidents.raise')}>
      <label>
        {t('incidents.newTitle')}
        <input value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label>
        {t('incidents.firstNote')}
        <input value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="submit" className="small-button small-button--primary" disabled={busy}>
        {t('incidents.raise')}
      </button>
      <div className="wide">
        <ErrorAlert
          error={error}
          fieldLabels={{ title: t('incidents.newTitle'), note: t('incidents.firstNote') }}
        />
      </div>
    </form>
  );
}

export { RaiseForm };

function IncidentDetail({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const format = useFormatDateTime();
  const load = useCallback(() => client.incidents.get({ incidentId }), [client, incidentId]);
  const { data, error, setData } = useLive<Detail>(load, ['incident.changed']);
  const staffLoad = useCallback(() => client.incidents.assignees(), [client]);
  const { data: staff } = useLive(staffLoad, []);
  const { busy, error: actionError, run } = useAction();
  const [note, setNote] = useState('');

  if (!data) return <ErrorAlert error={error} />;
  const update = async (patch: { status?: IncidentStatus; assigneeId?: string | null }) => {
    const next = await run(() => client.incidents.update({ incidentId, ...patch }));
    if (next) setData(next);
  };
  const addNote = async (e: FormEvent) => {
    e.preventDefault();
    const next = await run(() => client.incidents.note({ incidentId, note }));
    if (next) {
      setData(next);
      setNote('');
    }
  };

  return (
    <aside aria-labelledby="incident-detail-title">
      <h2 id="incident-detail-title">{data.title}</h2>
      <p className="desk-hint">
        {data.visitorName ? `${data.visitorName} · ` : ''}
        {t(`incidents.kinds.${data.kind}`, { defaultValue: data.kind })}
      </p>
      <ErrorAlert error={actionError} />
      <div className="desk-form">
        <label>
          {t('incidents.status')}
          <select
            value={data.status}
            disabled={busy}
            onChange={(e) => void update({ status: e.target.value as IncidentStatus })}
          >
            {INCIDENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`incidents.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('incidents.assignee')}
          <select
            value={data.assignee?.id ?? ''}
            disabled={busy}
            onChange={(e) => void update({ assigneeId: e.target.value || null })}
          >
            <option value="">{t('incidents.unassigned')}</option>
            {staff?.staff.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <h2>{t('incidents.timeline')}</h2>
      <ol className="timeline">
        {data.timeline.map((event) => (
          <li key={event.id}>
            <span className="desk-hint">{format(event.at)}</span> ·{' '}
            {event.actorName ?? t('incidents.station')} ·{' '}
            {event.kind === 'status'
              ? t('incidents.events.status', {
                  to: t(`incidents.statuses.${String(event.details.to)}`),
                })
              : event.kind === 'assigned'
                ? t('incidents.events.assigned')
                : t(`incidents.events.${event.kind}`)}
            {event.note && <div>{event.note}</div>}
          </li>
        ))}
      </ol>
      <form className="desk-form" onSubmit={(e) => void addNote(e)} aria-label={t('incidents.addNote')}>
        <label className="wide">
          {t('incidents.note')}
          <input value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button type="submit" className="small-button small-button--primary" disabled={busy || !note.trim()}>
          {t('incidents.addNote')}
        </button>
      </form>
    </aside>
  );
}
