// People on site now with their dwell time, a walk-in form (register and check in at once, with the
// capacity rule; a passport, ID card or licence scanned at the desk fills it in) and the desk's recent
// activity — all live.
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../api/StationProvider';
import { ErrorAlert } from '../../components/ErrorText';
import { useIdDocumentReads } from '../../components/IdDocumentReads';
import { ID_DOCUMENT_KINDS, type IdDocumentKind } from '../../../shared/api/kiosk';
import { withConfirmedRules } from './confirmRules';
import {
  DeskTable,
  HostPicker,
  Optional,
  TypeSelect,
  useAction,
  useFormatDateTime,
  useLive,
  useVisitorTypes,
} from './shared';

export function OnSitePanel() {
  const { t } = useTranslation();
  const { client, mayCall } = useStation();
  const format = useFormatDateTime();
  const load = useCallback(() => client.desk.onSite(), [client]);
  const { data, error, reload } = useLive(load, ['visit.changed']);
  const { busy, error: actionError, run } = useAction();

  const checkOut = async (visitId: string) => {
    if (await run(() => client.visits.checkOut({ visitId }))) reload();
  };
  const hours = (minutes: number) =>
    t('onSite.dwell', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });

  return (
    <section className="desk-panel" aria-labelledby="onsite-title">
      <div className="desk-columns">
        <div>
          <h1 id="onsite-title">{t('onSite.title')}</h1>
          <ErrorAlert error={actionError ?? error} />
          {data && (
            <p className="desk-hint" role="status">
              {data.capacity === null
                ? t('onSite.count', { count: data.people.length })
                : t('onSite.countOf', { count: data.people.length, capacity: data.capacity })}
            </p>
          )}
          <DeskTable
            caption={t('onSite.title')}
            columns={['search.columns.visitor', 'search.columns.host', 'onSite.since', 'onSite.dwellColumn']}
            actions
            rows={data?.people}
          >
            {(p) => (
              <tr key={p.id}>
                <td>
                  {p.visitor.name}
                  {p.visitor.company ? ` — ${p.visitor.company}` : ''}
                </td>
                <td>{p.host?.name ?? '—'}</td>
                <td className="num">{format(p.checkedInAt)}</td>
                <td className="num">{hours(p.dwellMinutes)}</td>
                <td className="actions">
                  {mayCall('visits.checkOut') && (
                    <button
                      type="button"
                      className="small-button"
                      disabled={busy}
                      aria-label={t('desk.checkOutWho', { name: p.visitor.name })}
                      onClick={() => void checkOut(p.id)}
                    >
                      {t('desk.checkOut')}
                    </button>
                  )}
                </td>
              </tr>
            )}
          </DeskTable>
          {mayCall('visits.walkIn') && <WalkInForm />}
        </div>
        <Activity />
      </div>
    </section>
  );
}

function WalkInForm() {
  const { t } = useTranslation();
  const { client } = useStation();
  const types = useVisitorTypes();
  const { busy, error, setError, run } = useAction();
  const [name, setName] = useState('');
  const [company, setCompany] = useState('');
  const [host, setHost] = useState<{ id: string; name: string; department: string | null } | null>(null);
  const [typeId, setTypeId] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [idKind, setIdKind] = useState<IdDocumentKind | ''>('');
  const [idNumber, setIdNumber] = useState('');
  const overCapacity = Boolean(error?.fields?.capacity);
  const scanNotice = useIdDocumentReads((read) => {
    setName(read.name);
    setIdKind(read.kind);
    setIdNumber(read.number);
  });

  const submit = async (e: FormEvent, approveOverCapacity = false) => {
    e.preventDefault();
    setDone(null);
    const visit = await run(() =>
      withConfirmedRules(t, (confirmed) =>
        client.visits.walkIn({
          visitor: { name, ...(company.trim() ? { company } : {}) },
          hostId: host?.id ?? '',
          visitorTypeId: typeId || types[0]?.id || '',
          overCapacity: approveOverCapacity,
          confirmed,
          ...(idKind ? { idDocumentKind: idKind } : {}),
          ...(idNumber.trim() ? { idDocumentNumber: idNumber } : {}),
        }),
      ),
    );
    if (visit) {
      setDone(visit.visitor.name);
      setName('');
      setCompany('');
      setIdKind('');
      setIdNumber('');
      setError(null);
    }
  };

  return (
    <>
      <h2>{t('walkIn.title')}</h2>
      {scanNotice}
      <form className="desk-form" onSubmit={(e) => void submit(e)} aria-label={t('walkIn.title')}>
        <label>
          {t('walkIn.name')}
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          {t('walkIn.company')} <Optional />
          <input value={company} onChange={(e) => setCompany(e.target.value)} />
        </label>
        <HostPicker label={t('walkIn.host')} value={host} onChange={setHost} mine />
        <TypeSelect label={t('walkIn.type')} value={typeId} onChange={setTypeId} />
        <label>
          {t('walkIn.idKind')} <Optional />
          <select value={idKind} onChange={(e) => setIdKind(e.target.value as IdDocumentKind | '')}>
            <option value="">{t('walkIn.idNone')}</option>
            {ID_DOCUMENT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`kioskFlow.id.kinds.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('walkIn.idNumber')} <Optional />
          <input value={idNumber} onChange={(e) => setIdNumber(e.target.value)} autoComplete="off" />
        </label>
        <button type="submit" className="small-button small-button--primary" disabled={busy}>
          {t('walkIn.submit')}
        </button>
        <div className="wide">
          {overCapacity ? (
            <p className="desk-problem" role="alert">
              {t(error?.fields?.capacity?.params?.zone ? 'walkIn.fullZone' : 'walkIn.full', {
                max: error?.fields?.capacity?.params?.max ?? '',
                zone: error?.fields?.capacity?.params?.zone ?? '',
              })}{' '}
              <button
                type="button"
                className="small-button small-button--danger"
                onClick={(e) => void submit(e, true)}
              >
                {t('walkIn.admitAnyway')}
              </button>
            </p>
          ) : (
            <ErrorAlert
              error={error}
              fieldLabels={{
                'visitor.name': t('walkIn.name'),
                hostId: t('walkIn.host'),
                visitorTypeId: t('walkIn.type'),
                idDocumentKind: t('walkIn.idKind'),
                idDocumentNumber: t('walkIn.idNumber'),
              }}
            />
          )}
          {done && <p role="status">{t('walkIn.done', { name: done })}</p>}
        </div>
      </form>
    </>
  );
}

function Activity() {
  const { t } = useTranslation();
  const { client, mayCall } = useStation();
  const format = useFormatDateTime();
  const load = useCallback(() => client.desk.activity({ limit: 20 }), [client]);
  const { data } = useLive(load, ['visit.changed', 'evacuation.changed']);
  if (!mayCall('desk.activity')) return null;
  return (
    <aside aria-labelledby="activity-title">
      <h2 id="activity-title">{t('activity.title')}</h2>
      {data?.entries.length === 0 && <p className="empty">{t('activity.none')}</p>}
      <ul className="timeline">
        {data?.entries.map((entry, i) => (
          <li key={`${entry.at}-${i}`}>
            <span className="desk-hint">{format(entry.at)}</span>{' '}
            {t(`activity.actions.${entry.action}`, { defaultValue: entry.action })}
            {entry.visitorName ? ` · ${entry.visitorName}` : ''}
            {entry.actorName ? ` · ${entry.actorName}` : ''}
            {entry.reason ? ` — “${entry.reason}”` : ''}
          </li>
        ))}
      </ul>
    </aside>
  );
}
