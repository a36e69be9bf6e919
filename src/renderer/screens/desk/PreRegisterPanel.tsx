// Pre-registration: one visitor with a form, or a group from CSV — checked row by row first (dry run),
// then imported all at once. Each visit gets an invite code the visitor types or scans at the kiosk.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/api';
import { ApiError } from '../../../shared/errors';
import { useStation } from '../../api/StationProvider';
import { ErrorAlert } from '../../components/ErrorText';
import { QrCode } from '../../components/QrCode';
import {
  CsvSource,
  HostPicker,
  Optional,
  TypeSelect,
  siteTodayIn,
  useAction,
  useFormatDateTime,
} from './shared';

type Host = { id: string; name: string; department: string | null };

const toIso = (local: string) => (local ? new Date(local).toISOString() : '');
/** Now as a datetime-local value: the earliest an expected visit may be (the picker offers no past). */
const localNow = () => {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
/** A refusal made here, before asking the station, in the shape the station would give. */
const missing = (field: string) =>
  Promise.reject(
    new ApiError('invalid_input', `${field} is required.`, {
      [field]: { code: 'required', message: 'This is required.' },
    }),
  );

export function PreRegisterPanel() {
  const { t } = useTranslation();
  const { mayCall } = useStation();
  return (
    <section className="desk-panel" aria-labelledby="prereg-title">
      <h1 id="prereg-title">{t('preRegister.title')}</h1>
      <SingleForm />
      {/* A host invites their own visitors one at a time; the CSV import is reception's. */}
      {mayCall('visits.importCsv') && <CsvImport />}
    </section>
  );
}

function SingleForm() {
  const { t } = useTranslation();
  const { client } = useStation();
  const { busy, error, run } = useAction();
  const [name, setName] = useState('');
  const [company, setCompany] = useState('');
  const [email, setEmail] = useState('');
  const [host, setHost] = useState<Host | null>(null);
  const [typeId, setTypeId] = useState('');
  const [when, setWhen] = useState('');
  const [past, setPast] = useState(false);
  const [invited, setInvited] = useState<OutputOf<'visits.preRegister'> | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // Said here, at the field: an empty or past time would only come back as "not in the right format".
    if (!when) return void run(() => missing('expectedAt'));
    if (when < localNow()) return void setPast(true);
    setPast(false);
    const visit = await run(() =>
      client.visits.preRegister({
        visitor: {
          name,
          ...(company.trim() ? { company } : {}),
          ...(email.trim() ? { email: email.trim() } : {}),
        },
        hostId: host?.id ?? '',
        visitorTypeId: typeId,
        expectedAt: toIso(when),
      }),
    );
    if (visit) {
      setInvited(visit);
      setName('');
      setCompany('');
      setEmail('');
    }
  };

  return (
    <>
      <h2>{t('preRegister.single')}</h2>
      <form className="desk-form" onSubmit={(e) => void submit(e)} aria-label={t('preRegister.single')}>
        <label>
          {t('walkIn.name')}
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {t('walkIn.company')} <Optional />
          <input value={company} onChange={(e) => setCompany(e.target.value)} />
        </label>
        <label>
          {t('preRegister.email')} <Optional />
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <HostPicker label={t('walkIn.host')} value={host} onChange={setHost} mine />
        <TypeSelect
          label={t('walkIn.type')}
          emptyLabel={t('preRegister.chooseType')}
          value={typeId}
          onChange={setTypeId}
        />
        <label>
          {t('preRegister.expected')}
          <input
            type="datetime-local"
            min={localNow()}
            value={when}
            onChange={(e) => setWhen(e.target.value)}
          />
        </label>
        <button type="submit" className="small-button small-button--primary" disabled={busy}>
          {t('preRegister.submit')}
        </button>
        <div className="wide">
          {past && (
            <p className="alert alert--error" role="alert">
              {t('preRegister.pastTime')}
            </p>
          )}
          <ErrorAlert
            error={error}
            fieldLabels={{
              'visitor.name': t('walkIn.name'),
              'visitor.email': t('preRegister.email'),
              hostId: t('walkIn.host'),
              visitorTypeId: t('walkIn.type'),
              expectedAt: t('preRegister.expected'),
            }}
          />
          {invited && (
            <p role="status">
              {t('preRegister.invited', { name: invited.visitor.name })}{' '}
              <span className="code">{invited.inviteCode}</span>
              <QrCode
                text={invited.invitePass}
                label={t('preRegister.inviteQr', { name: invited.visitor.name })}
                size={200}
              />
            </p>
          )}
        </div>
      </form>
    </>
  );
}

function CsvImport() {
  const { t } = useTranslation();
  const { client, status } = useStation();
  const format = useFormatDateTime();
  const { busy, error, run } = useAction();
  const [csv, setCsv] = useState('');
  const [typeId, setTypeId] = useState('');
  const [host, setHost] = useState<Host | null>(null);
  const [when, setWhen] = useState('');
  const [result, setResult] = useState<OutputOf<'visits.importCsv'> | null>(null);

  const send = async (dryRun: boolean) => {
    const answer = await run(() =>
      client.visits.importCsv({
        csv,
        visitorTypeId: typeId,
        dryRun,
        ...(host ? { defaultHostId: host.id } : {}),
        ...(when ? { defaultExpectedAt: toIso(when) } : {}),
      }),
    );
    if (answer) setResult(answer);
  };
  const problems = result?.rows.filter((r) => r.problems.length).length ?? 0;

  return (
    <>
      <h2>{t('preRegister.csv')}</h2>
      <p className="desk-hint">
        {t('preRegister.csvHelp', { example: `${siteTodayIn(status.site?.timezone, 1)} 09:30` })}
      </p>
      <form
        className="desk-form"
        aria-label={t('preRegister.csv')}
        onSubmit={(e) => {
          e.preventDefault();
          void send(true);
        }}
      >
        <CsvSource
          label={t('preRegister.csvText')}
          fileLabel={t('preRegister.csvFile')}
          value={csv}
          onChange={(text) => {
            setCsv(text);
            setResult(null);
          }}
        />
        <TypeSelect
          label={t('walkIn.type')}
          emptyLabel={t('preRegister.chooseType')}
          value={typeId}
          onChange={setTypeId}
        />
        <HostPicker label={t('preRegister.defaultHost')} value={host} onChange={setHost} />
        <label>
          {t('preRegister.defaultExpected')}
          <input
            type="datetime-local"
            min={localNow()}
            value={when}
            onChange={(e) => setWhen(e.target.value)}
          />
        </label>
        <button type="submit" className="small-button" disabled={busy || !csv.trim()}>
          {t('preRegister.check')}
        </button>
        <button
          type="button"
          className="small-button small-button--primary"
          disabled={busy || !result?.dryRun || problems > 0 || result.rows.length === 0}
          onClick={() => void send(false)}
        >
          {t('preRegister.import', { count: result?.rows.length ?? 0 })}
        </button>
        <div className="wide">
          <ErrorAlert
            error={error}
            fieldLabels={{ csv: t('preRegister.csvText'), visitorTypeId: t('walkIn.type') }}
          />
        </div>
      </form>
      {result && (
        <>
          <p role="status" className={problems ? 'desk-problem' : ''}>
            {result.dryRun
              ? problems
                ? t('preRegister.rowsWithProblems', { count: problems })
                : t('preRegister.allGood', { count: result.rows.length })
              : t('preRegister.imported', { count: result.imported })}
          </p>
          <table className="dense">
            <caption className="visually-hidden">{t('preRegister.preview')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('preRegister.line')}</th>
                <th scope="col">{t('search.columns.visitor')}</th>
                <th scope="col">{t('search.columns.host')}</th>
                <th scope="col">{t('preRegister.expected')}</th>
                <th scope="col">{result.dryRun ? t('preRegister.problems') : t('preRegister.code')}</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((row) => (
                <tr key={row.line}>
                  <td className="num">{row.line}</td>
                  <td>{row.name}</td>
                  <td>{row.hostName ?? '—'}</td>
                  <td className="num">{format(row.expectedAt)}</td>
                  <td>
                    {row.inviteCode ? (
                      <span className="code">{row.inviteCode}</span>
                    ) : (
                      row.problems.map((p) => (
                        <span key={p.field} className="desk-problem" style={{ display: 'block' }}>
                          {t(`preRegister.rowProblems.${p.code}`, {
                            field: t(`preRegister.columns.${p.field}`),
                          })}
                        </span>
                      ))
                    )}
                    {result.dryRun && row.problems.length === 0 && t('preRegister.rowOk')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
