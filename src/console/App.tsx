// The console page: an administrator signs in, then sees the sites, each site's stations with their health,
// the fleet's alerts and the console's administrators, and acts: revoke a station, create an enrollment
// code (shown once, with its QR), add or disable an administrator. Every action is the server's to refuse
// and audit (src/server/console/routes.ts); this page only shows what it answers.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  type FormEvent,
  type InputHTMLAttributes,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { LanguageSwitch } from '../renderer/components/LanguageSwitch';
import { FLEET_EXCEPTION_KINDS, type ReportException } from '../shared/console-report';
import { LANGUAGES, STAFF_ROLES } from '../shared/vocabulary';
import { QrCode } from '../renderer/components/QrCode';
import {
  api,
  ConsoleApiError,
  type AdminRow,
  type Alert,
  type AuditEntry,
  type AuditFilter,
  type CreatedSite,
  type HostImportPlan,
  type NewSiteInput,
  type OpenEnrollmentCode,
  type NewStaff,
  type SiteSettings,
  type StaffRow,
  type EnrollmentCode,
  type FleetAlertRow,
  type FleetReport,
  type ReportFileName,
  type Session,
  type SiteRow,
  type StationRow,
} from './api';

type View =
  | { name: 'sites' }
  | { name: 'site'; siteId: string }
  | { name: 'alerts' }
  | { name: 'audit' }
  | { name: 'reports' }
  | { name: 'admins' };

const ENROLL_ROLES = ['kiosk', 'desk', 'gate'] as const;

/** A date-time in the page's language, in the browser's time zone. */
function useFormat() {
  const { i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  return {
    at: (iso: string) =>
      new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso)),
    ago: (iso: string, now: number) => {
      const seconds = Math.round((Date.parse(iso) - now) / 1000);
      const rtf = new Intl.RelativeTimeFormat(lng, { numeric: 'auto' });
      if (Math.abs(seconds) < 60) return rtf.format(seconds, 'second');
      if (Math.abs(seconds) < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
      if (Math.abs(seconds) < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
      return rtf.format(Math.round(seconds / 86400), 'day');
    },
  };
}

/** The sentence for a refusal: our own words per code, the server's detail where it has one. */
function useErrorText() {
  const { t } = useTranslation();
  const { at } = useFormat();
  return (error: unknown): string => {
    if (!(error instanceof ConsoleApiError)) return t('errors.internal');
    if (error.code === 'locked' && error.lockedUntil)
      return t('errors.locked', { until: at(error.lockedUntil) });
    const known = ['network', 'rate_limited', 'forbidden', 'internal', 'unauthenticated'];
    if (known.includes(error.code)) return t(`errors.${error.code}`);
    return t('errors.refused', { detail: error.message });
  };
}

/** A labelled text box of a form, required unless said otherwise. */
function TextField({
  label,
  value,
  onChange,
  ...input
}: { label: string; value: string; onChange: (value: string) => void } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'value' | 'onChange'
>) {
  return (
    <label className="field">
      <span>{label}</span>
      <input required value={value} onChange={(e) => onChange(e.target.value)} {...input} />
    </label>
  );
}

function ErrorBox({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error}
    </p>
  );
}

export function ConsoleApp() {
  const { t } = useTranslation();
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [ended, setEnded] = useState(false);

  useEffect(() => {
    api.session().then(
      (r) => setSession(r.session),
      () => setSession(null),
    );
  }, []);

  /** A 401 on any call: the session ended (idle, expired, disabled); back to the sign-in form. */
  const onError = useCallback((error: unknown) => {
    if (error instanceof ConsoleApiError && error.status === 401) {
      setSession(null);
      setEnded(true);
      return true;
    }
    return false;
  }, []);

  return (
    <div className="console">
      <header className="bar">
        <h1 className="bar__title">{t('app.title')}</h1>
        <LanguageSwitch />
        {session && (
          <div className="bar__who">
            <span>{t('app.signedInAs', { name: session.admin.name, login: session.admin.login })}</span>
            <button
              type="button"
              className="button button--quiet"
              onClick={() =>
                void api
                  .signOut()
                  .catch(() => undefined)
                  .then(() => {
                    setEnded(false);
                    setSession(null);
                  })
              }
            >
              {t('app.signOut')}
            </button>
          </div>
        )}
      </header>
      {session === undefined ? (
        <p className="muted">{t('app.loading')}</p>
      ) : session === null ? (
        <SignIn
          ended={ended}
          onSignedIn={(s) => {
            setEnded(false);
            setSession(s);
          }}
        />
      ) : (
        <Signedin session={session} onError={onError} />
      )}
    </div>
  );
}

function SignIn({ ended, onSignedIn }: { ended: boolean; onSignedIn: (s: Session) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn((await api.signIn(login, password)).session);
    } catch (e) {
      setError(
        e instanceof ConsoleApiError && e.code === 'unauthenticated' ? t('signIn.noMatch') : errorText(e),
      );
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="panel panel--narrow">
      <h2>{t('signIn.title')}</h2>
      {ended && <p className="notice">{t('signIn.ended')}</p>}
      <form onSubmit={(e) => void submit(e)} className="form">
        <label className="field">
          <span>{t('signIn.login')}</span>
          <input
            value={login}
            onChange={(e) => setLogin(e.target.value)}
            autoComplete="username"
            autoCapitalize="none"
            required
          />
        </label>
        <label className="field">
          <span>{t('signIn.password')}</span>
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            required
          />
        </label>
        <ErrorBox error={error} />
        <button type="submit" className="button" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}

/** Counts the server's "the fleet changed" events: the live views load again when it moves. */
const LiveTick = createContext(0);

/**
 * Listens to the server's live events (GET /console/api/events, server-sent): each `fleet` event moves the
 * tick; `ended`, or a stream the server refuses, means the session is over (checked, then handed up).
 */
function useLiveTick(onError: (e: unknown) => boolean): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const events = new EventSource('/console/api/events');
    const check = () => void api.session().catch((e: unknown) => onError(e));
    events.addEventListener('fleet', () => setTick((n) => n + 1));
    events.addEventListener('ended', () => {
      events.close();
      check();
    });
    events.onerror = () => {
      if (events.readyState === EventSource.CLOSED) check();
    };
    return () => events.close();
  }, [onError]);
  return tick;
}

function Signedin({ session, onError }: { session: Session; onError: (e: unknown) => boolean }) {
  const { t } = useTranslation();
  const [view, setView] = useState<View>({ name: 'sites' });
  const live = useLiveTick(onError);
  const tab = (name: View['name'], label: string) => (
    <button
      type="button"
      className="tab"
      aria-current={view.name === name || (name === 'sites' && view.name === 'site') ? 'page' : undefined}
      onClick={() => setView({ name } as View)}
    >
      {label}
    </button>
  );
  return (
    <>
      <nav className="tabs" aria-label={t('app.views')}>
        {tab('sites', t('sites.title'))}
        {tab('alerts', t('alerts.title'))}
        {tab('reports', t('reports.title'))}
        {tab('audit', t('audit.title'))}
        {tab('admins', t('admins.title'))}
      </nav>
      <main className="panel">
        <LiveTick.Provider value={live}>
          {view.name === 'sites' && (
            <Sites onOpen={(siteId) => setView({ name: 'site', siteId })} onError={onError} />
          )}
          {view.name === 'site' && (
            <SiteStations siteId={view.siteId} onBack={() => setView({ name: 'sites' })} onError={onError} />
          )}
          {view.name === 'alerts' && <Alerts onError={onError} />}
          {view.name === 'reports' && <Reports onError={onError} />}
          {view.name === 'audit' && <Audit onError={onError} />}
          {view.name === 'admins' && <Admins me={session.admin.id} onError={onError} />}
        </LiveTick.Provider>
      </main>
    </>
  );
}

/**
 * Loads once, on reload(), and — for a `live` view — whenever the server says the fleet changed; a refusal
 * is shown (or, when the session ended, handed up).
 */
function useLoad<T>(load: () => Promise<T>, onError: (e: unknown) => boolean, live = false) {
  const errorText = useErrorText();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const liveTick = useContext(LiveTick);
  const tick = reloads + (live ? liveTick : 0);
  const setTick = setReloads;
  useEffect(() => {
    let live = true;
    load().then(
      (d) => live && (setData(d), setError(null)),
      (e: unknown) => live && !onError(e) && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [tick]);
  return { data, error, reload: () => setTick((n) => n + 1) };
}

/** Runs an action, then reloads the view; its refusal is shown (or, when the session ended, handed up). */
function useAction(reload: () => void, onError: (e: unknown) => boolean) {
  const errorText = useErrorText();
  const [actionError, setActionError] = useState<string | null>(null);
  const act = async (work: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await work();
      reload();
      return true;
    } catch (e) {
      if (!onError(e)) setActionError(errorText(e));
      return false;
    }
  };
  return { actionError, setActionError, act };
}

function Sites({ onOpen, onError }: { onOpen: (id: string) => void; onError: (e: unknown) => boolean }) {
  const { t } = useTranslation();
  const { data, error, reload } = useLoad(api.sites, onError, true);
  return (
    <section aria-labelledby="sites-title">
      <h2 id="sites-title">{t('sites.title')}</h2>
      <ErrorBox error={error} />
      {data && data.sites.length === 0 && <p className="muted">{t('sites.none')}</p>}
      <ul className="cards">
        {data?.sites.map((site: SiteRow) => (
          <li key={site.id}>
            <button type="button" className="card" onClick={() => onOpen(site.id)}>
              <strong className="card__title">{site.name}</strong>
              <span>{t('sites.counts', { stations: site.stations, online: site.online })}</span>
              <span className={site.alerts ? 'badge badge--alert' : 'badge'}>
                {t('sites.alerts', { count: site.alerts })}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <NewSite sites={data?.sites ?? []} onCreated={reload} onOpen={onOpen} onError={onError} />
    </section>
  );
}

/**
 * A new site: its name, time zone and language, and what it starts with — the default visitor types and
 * documents, or a copy of another site's types, documents and settings (its staff, hosts and stations stay
 * there). The setup code for the site's first admin is shown once.
 */
function NewSite({
  sites,
  onCreated,
  onOpen,
  onError,
}: {
  sites: SiteRow[];
  onCreated: () => void;
  onOpen: (id: string) => void;
  onError: (e: unknown) => boolean;
}) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const empty: NewSiteInput = { name: '', timezone: '', defaultLanguage: 'en', templateSiteId: '' };
  const [form, setForm] = useState(empty);
  const [created, setCreated] = useState<CreatedSite | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A copy starts in its template's time zone and language; either can still be changed.
  const choose = (templateSiteId: string) => {
    const template = sites.find((site) => site.id === templateSiteId);
    const { timezone, defaultLanguage } = template ?? form;
    setForm({ ...form, templateSiteId, timezone, defaultLanguage });
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      setCreated((await api.createSite({ ...form, templateSiteId: form.templateSiteId || null })).site);
      setForm(empty);
      onCreated();
    } catch (e) {
      if (onError(e)) return;
      const code = e instanceof ConsoleApiError ? e.code : null;
      setError(
        code === 'conflict'
          ? t('newSite.nameTaken', { name: form.name })
          : code === 'not_found'
            ? t('newSite.noTemplate')
            : errorText(e),
      );
    }
  };
  if (created)
    return (
      <section className="enroll enroll--shown" aria-labelledby="new-site-title">
        <h3 id="new-site-title">{t('newSite.createdTitle', { name: created.name })}</h3>
        <p>{t('newSite.setupHow')}</p>
        <p className="code" data-testid="setup-code">
          {created.setupCode}
        </p>
        <p className="notice">{t('newSite.once')}</p>
        <div className="confirm">
          <button type="button" className="button" onClick={() => onOpen(created.id)}>
            {t('newSite.open', { name: created.name })}
          </button>
          <button type="button" className="button button--quiet" onClick={() => setCreated(null)}>
            {t('enroll.done')}
          </button>
        </div>
      </section>
    );
  return (
    <form className="form" onSubmit={(e) => void submit(e)} aria-labelledby="new-site-title">
      <h3 id="new-site-title">{t('newSite.title')}</h3>
      <TextField
        label={t('newSite.name')}
        value={form.name}
        onChange={(name) => setForm({ ...form, name })}
      />
      <label className="field">
        <span>{t('newSite.from')}</span>
        <select value={form.templateSiteId} onChange={(e) => choose(e.target.value)}>
          <option value="">{t('newSite.defaults')}</option>
          {sites.map((site) => (
            <option key={site.id} value={site.id}>
              {t('newSite.copyOf', { name: site.name })}
            </option>
          ))}
        </select>
      </label>
      <p className="muted">{t(form.templateSiteId ? 'newSite.copies' : 'newSite.starts')}</p>
      <TextField
        label={t('newSite.timezone')}
        value={form.timezone}
        list="time-zones"
        placeholder="Europe/London"
        autoCapitalize="none"
        onChange={(timezone) => setForm({ ...form, timezone })}
      />
      <datalist id="time-zones">
        {Intl.supportedValuesOf('timeZone').map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <label className="field">
        <span>{t('newSite.language')}</span>
        <select
          value={form.defaultLanguage}
          onChange={(e) => setForm({ ...form, defaultLanguage: e.target.value })}
        >
          {LANGUAGES.map((lng) => (
            <option key={lng} value={lng}>
              {i18n.getFixedT(lng)('language.name')}
            </option>
          ))}
        </select>
      </label>
      <ErrorBox error={error} />
      <button type="submit" className="button">
        {t('newSite.create')}
      </button>
    </form>
  );
}

function SiteStations({
  siteId,
  onBack,
  onError,
}: {
  siteId: string;
  onBack: () => void;
  onError: (e: unknown) => boolean;
}) {
  const { t } = useTranslation();
  const { data, error, reload } = useLoad(() => api.stations(siteId), onError, true);
  const [part, setPart] = useState<'stations' | 'settings' | 'staff' | 'hosts'>('stations');
  const partTab = (name: typeof part) => (
    <button
      type="button"
      className="tab"
      aria-current={part === name ? 'page' : undefined}
      onClick={() => setPart(name)}
    >
      {t(`site.part.${name}`)}
    </button>
  );
  return (
    <section aria-labelledby="site-title">
      <button type="button" className="button button--quiet" onClick={onBack}>
        {t('site.back')}
      </button>
      <h2 id="site-title">{data?.site.name ?? t('app.loading')}</h2>
      <nav className="tabs" aria-label={t('site.parts')}>
        {partTab('stations')}
        {partTab('settings')}
        {partTab('staff')}
        {partTab('hosts')}
      </nav>
      <ErrorBox error={error} />
      {part === 'settings' && <SiteSettingsForm siteId={siteId} onError={onError} />}
      {part === 'staff' && <SiteStaff siteId={siteId} onError={onError} />}
      {part === 'hosts' && <HostImport siteId={siteId} onError={onError} />}
      {part === 'stations' && (
        <>
          <Enroll siteId={siteId} onError={onError} />
          <h3>{t('site.stations')}</h3>
          {data && data.stations.length === 0 && <p className="muted">{t('site.noStations')}</p>}
          <ul className="stations">
            {data?.stations.map((station) => (
              <Station key={station.id} station={station} onChanged={reload} onError={onError} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** The numbers and times the console edits, as typed (blank capacity: no limit; blank time: never). */
const SETTING_FIELDS = [
  'capacity',
  'kioskIdleSeconds',
  'autoCheckOutTime',
  'retentionDays',
  'watchlistThreshold',
  'staffIdleMinutes',
] as const;
type SettingField = (typeof SETTING_FIELDS)[number];

function SiteSettingsForm({ siteId, onError }: { siteId: string; onError: (e: unknown) => boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { data, error } = useLoad(() => api.settings(siteId), onError);
  const [typed, setTyped] = useState<Partial<Record<SettingField, string>>>({});
  const [saved, setSaved] = useState<SiteSettings | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const current = saved ?? data?.settings ?? null;
  const shown = (field: SettingField) => typed[field] ?? String(current?.[field] ?? '');
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!current) return;
    setActionError(null);
    const patch: Record<string, unknown> = {};
    for (const field of SETTING_FIELDS) {
      const text = typed[field];
      if (text === undefined) continue;
      const value =
        field === 'autoCheckOutTime'
          ? text.trim() || null
          : field === 'capacity' && !text.trim()
            ? null
            : Number(text);
      if (typeof value === 'number' && !Number.isFinite(value)) {
        setActionError(t('settings.notNumber', { field: t(`settings.${field}`) }));
        return;
      }
      if (value !== current[field]) patch[field] = value;
    }
    if (Object.keys(patch).length === 0) {
      setActionError(t('settings.nothing'));
      return;
    }
    try {
      setSaved((await api.updateSettings(siteId, patch)).settings);
      setTyped({});
    } catch (e) {
      if (!onError(e)) setActionError(errorText(e));
    }
  };
  return (
    <form className="form" onSubmit={(e) => void save(e)} aria-labelledby="settings-title">
      <h3 id="settings-title">{t('settings.title')}</h3>
      <p className="muted">{t('settings.how')}</p>
      <ErrorBox error={error} />
      {current &&
        SETTING_FIELDS.map((field) => (
          <label className="field" key={field}>
            <span>{t(`settings.${field}`)}</span>
            <input
              value={shown(field)}
              inputMode={field === 'autoCheckOutTime' ? 'text' : 'decimal'}
              placeholder={field === 'capacity' ? t('settings.noLimit') : undefined}
              onChange={(e) => setTyped({ ...typed, [field]: e.target.value })}
            />
          </label>
        ))}
      <ErrorBox error={actionError} />
      {saved && Object.keys(typed).length === 0 && (
        <p className="notice" role="status">
          {t('settings.saved')}
        </p>
      )}
      <button type="submit" className="button" disabled={!current}>
        {t('settings.save')}
      </button>
    </form>
  );
}

/**
 * The host directory from a CSV file (name, email, phone, department): a preview first — who is added,
 * changed, deactivated, and what is wrong on which line — then the import, offered only for a clean file.
 */
function HostImport({ siteId, onError }: { siteId: string; onError: (e: unknown) => boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [csv, setCsv] = useState<string | null>(null);
  const [plan, setPlan] = useState<HostImportPlan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (text: string, dryRun: boolean) => {
    setError(null);
    try {
      setPlan(await api.importHosts(siteId, text, dryRun));
    } catch (e) {
      if (!onError(e)) setError(errorText(e));
    }
  };
  const choose = async (file: File | undefined) => {
    setPlan(null);
    if (!file) return;
    const text = await file.text();
    setCsv(text);
    await run(text, true);
  };
  const names = (list: { name: string }[]) => list.map((h) => h.name).join(', ');
  return (
    <section aria-labelledby="hosts-title">
      <h3 id="hosts-title">{t('hosts.title')}</h3>
      <p className="muted">{t('hosts.how')}</p>
      <label className="field">
        <span>{t('hosts.file')}</span>
        <input type="file" accept=".csv,text/csv" onChange={(e) => void choose(e.target.files?.[0])} />
      </label>
      <ErrorBox error={error} />
      {plan && (
        <div className="plan" role="status">
          {plan.applied && <p className="notice">{t('hosts.applied')}</p>}
          <p>{t('hosts.added', { count: plan.added.length, names: names(plan.added) })}</p>
          <p>{t('hosts.changed', { count: plan.changed.length, names: names(plan.changed) })}</p>
          <p>{t('hosts.deactivated', { count: plan.deactivated.length, names: names(plan.deactivated) })}</p>
          {plan.problems.length > 0 && (
            <>
              <p className="error">{t('hosts.problems', { count: plan.problems.length })}</p>
              <table className="audit">
                <thead>
                  <tr>
                    <th scope="col">{t('hosts.line')}</th>
                    <th scope="col">{t('hosts.field')}</th>
                    <th scope="col">{t('hosts.problem')}</th>
                  </tr>
                </thead>
                <tbody>
                  {plan.problems.map((p, i) => (
                    <tr key={i}>
                      <td>{p.line}</td>
                      <td>{t(`hosts.fields.${p.field}`, { defaultValue: p.field })}</td>
                      <td>{t(`hosts.codes.${p.code}`, { defaultValue: p.message })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {!plan.applied &&
            plan.problems.length === 0 &&
            plan.added.length + plan.changed.length + plan.deactivated.length > 0 && (
              <button type="button" className="button" onClick={() => csv !== null && void run(csv, false)}>
                {t('hosts.import')}
              </button>
            )}
        </div>
      )}
    </section>
  );
}

function SiteStaff({ siteId, onError }: { siteId: string; onError: (e: unknown) => boolean }) {
  const { t } = useTranslation();
  const { data, error, reload } = useLoad(() => api.staff(siteId), onError);
  const empty: NewStaff = {
    name: '',
    login: '',
    email: null,
    role: 'reception',
    secret: { kind: 'pin', value: '' },
  };
  const [form, setForm] = useState<NewStaff>(empty);
  const { actionError, act } = useAction(reload, onError);
  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (await act(() => api.addStaff(siteId, form))) setForm(empty);
  };
  return (
    <section aria-labelledby="staff-title">
      <h3 id="staff-title">{t('staff.title')}</h3>
      <p className="muted">{t('staff.how')}</p>
      <ErrorBox error={error} />
      {data && data.staff.length === 0 && <p className="muted">{t('staff.none')}</p>}
      <ul className="admins">
        {data?.staff.map((user: StaffRow) => (
          <li key={user.id} aria-label={user.name}>
            <strong>{user.name}</strong> <span className="muted">{user.login}</span>{' '}
            <label className="field field--inline">
              <span>{t('staff.role')}</span>
              <select
                value={user.role}
                onChange={(e) => void act(() => api.updateStaff(siteId, user.id, { role: e.target.value }))}
              >
                {STAFF_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`staffRole.${r}`)}
                  </option>
                ))}
              </select>
            </label>{' '}
            {user.active ? (
              <button
                type="button"
                className="button button--quiet"
                onClick={() => void act(() => api.updateStaff(siteId, user.id, { active: false }))}
              >
                {t('staff.deactivate')}
              </button>
            ) : (
              <>
                <span className="muted">{t('staff.inactive')}</span>{' '}
                <button
                  type="button"
                  className="button button--quiet"
                  onClick={() => void act(() => api.updateStaff(siteId, user.id, { active: true }))}
                >
                  {t('staff.activate')}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <ErrorBox error={actionError} />
      <form className="form" onSubmit={(e) => void add(e)}>
        <h3>{t('staff.add')}</h3>
        <TextField
          label={t('staff.name')}
          value={form.name}
          onChange={(name) => setForm({ ...form, name })}
        />
        <TextField
          label={t('staff.login')}
          value={form.login}
          autoCapitalize="none"
          onChange={(login) => setForm({ ...form, login })}
        />
        <label className="field">
          <span>{t('staff.role')}</span>
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>
            {STAFF_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`staffRole.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('staff.secretKind')}</span>
          <select
            value={form.secret.kind}
            onChange={(e) =>
              setForm({ ...form, secret: { kind: e.target.value as 'pin' | 'password', value: '' } })
            }
          >
            <option value="pin">{t('staff.pin')}</option>
            <option value="password">{t('staff.password')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('staff.secret')}</span>
          <input
            type="password"
            autoComplete="new-password"
            inputMode={form.secret.kind === 'pin' ? 'numeric' : 'text'}
            value={form.secret.value}
            onChange={(e) => setForm({ ...form, secret: { ...form.secret, value: e.target.value } })}
            required
          />
        </label>
        <button type="submit" className="button">
          {t('staff.addSubmit')}
        </button>
      </form>
    </section>
  );
}

function Station({
  station,
  onChanged,
  onError,
}: {
  station: StationRow;
  onChanged: () => void;
  onError: (e: unknown) => boolean;
}) {
  const { t } = useTranslation();
  const { at, ago } = useFormat();
  const errorText = useErrorText();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const now = Date.now();
  const dash = t('site.unknown');
  const revoke = async () => {
    setError(null);
    try {
      await api.revoke(station.id);
      setConfirming(false);
      onChanged();
    } catch (e) {
      if (!onError(e)) setError(errorText(e));
    }
  };
  const fact = (label: string, value: ReactNode) => (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  return (
    <li className={`station station--${station.state}`} aria-label={station.name}>
      <div className="station__head">
        <strong>{station.name}</strong>
        <span className="muted">{t(`roles.${station.role}`, { defaultValue: station.role })}</span>
        <span className={`state state--${station.state}`}>{t(`state.${station.state}`)}</span>
      </div>
      <dl className="facts">
        {fact(t('site.version'), station.version ?? dash)}
        {fact(t('site.lastSync'), station.lastSyncAt ? ago(station.lastSyncAt, now) : t('site.never'))}
        {fact(t('site.lastSeen'), station.lastSeenAt ? ago(station.lastSeenAt, now) : t('site.never'))}
        {fact(t('site.outbox'), station.outboxDepth ?? dash)}
        {fact(t('site.held'), station.held ?? dash)}
      </dl>
      {station.devices.length > 0 && (
        <ul className="devices" aria-label={t('site.devices')}>
          {station.devices.map((device) => (
            <li key={device.id} className={device.problem || device.connected === false ? 'bad' : 'good'}>
              {device.name}:{' '}
              {device.problem
                ? t(`device.${device.problem}`, { defaultValue: device.problem })
                : device.connected === false
                  ? t('device.disconnected')
                  : t('device.ok')}
            </li>
          ))}
        </ul>
      )}
      {station.alerts.length > 0 && (
        <ul className="alerts" aria-label={t('alerts.title')}>
          {station.alerts.map((alert, i) => (
            <li key={i}>
              <AlertText alert={alert} />
            </li>
          ))}
        </ul>
      )}
      {station.errors.length > 0 && (
        <details>
          <summary>{t('site.errors', { count: station.errors.length })}</summary>
          <ul>
            {station.errors.map((e, i) => (
              <li key={i}>
                {at(e.at)}: {e.message}
              </li>
            ))}
          </ul>
        </details>
      )}
      {station.state === 'revoked' ? (
        <p className="muted">{t('site.revokedAt', { at: at(station.revokedAt!) })}</p>
      ) : confirming ? (
        <div className="confirm" role="group" aria-label={t('site.revokeConfirm', { name: station.name })}>
          <p>{t('site.revokeConfirm', { name: station.name })}</p>
          <button type="button" className="button button--danger" onClick={() => void revoke()}>
            {t('site.revokeYes')}
          </button>
          <button type="button" className="button button--quiet" onClick={() => setConfirming(false)}>
            {t('app.cancel')}
          </button>
        </div>
      ) : (
        <button type="button" className="button button--quiet" onClick={() => setConfirming(true)}>
          {t('site.revoke')}
        </button>
      )}
      <ErrorBox error={error} />
    </li>
  );
}

function Enroll({ siteId, onError }: { siteId: string; onError: (e: unknown) => boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [role, setRole] = useState<string>('kiosk');
  const [hours, setHours] = useState('24');
  const [created, setCreated] = useState<EnrollmentCode | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Live: a code a station has just used leaves the list.
  const open = useLoad(() => api.openEnrollmentCodes(siteId), onError, true);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const ttlHours = Number(hours);
    if (!Number.isFinite(ttlHours) || ttlHours <= 0 || ttlHours > 720) {
      setError(t('enroll.badHours'));
      return;
    }
    try {
      setCreated(await api.enrollmentCode(siteId, role, ttlHours));
      open.reload();
    } catch (e) {
      if (!onError(e)) setError(errorText(e));
    }
  };
  return (
    <>
      {created ? (
        <EnrollmentCodeShown created={created} onDone={() => setCreated(null)} />
      ) : (
        <form className="enroll form form--row" onSubmit={(e) => void submit(e)}>
          <h3>{t('enroll.title')}</h3>
          <label className="field">
            <span>{t('enroll.role')}</span>
            <select value={role} onChange={(e) => setRole(e.target.value)}>
              {ENROLL_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`roles.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('enroll.hours')}</span>
            <input inputMode="numeric" value={hours} onChange={(e) => setHours(e.target.value)} />
          </label>
          <button type="submit" className="button">
            {t('enroll.create')}
          </button>
          <ErrorBox error={error} />
        </form>
      )}
      <OpenCodes siteId={siteId} codes={open.data?.codes} reload={open.reload} onError={onError} />
      <ErrorBox error={open.error} />
    </>
  );
}

/** A code just created: shown this once, as text and as a QR code. */
function EnrollmentCodeShown({ created, onDone }: { created: EnrollmentCode; onDone: () => void }) {
  const { t } = useTranslation();
  const { at } = useFormat();
  return (
    <section className="enroll enroll--shown" aria-labelledby="enroll-code-title">
      <h3 id="enroll-code-title">{t('enroll.createdTitle', { role: t(`roles.${created.role}`) })}</h3>
      <p className="code" data-testid="enrollment-code">
        {created.code}
      </p>
      <QrCode text={created.code} label={t('enroll.qrLabel')} size={220} />
      <p>{t('enroll.expires', { at: at(created.expiresAt) })}</p>
      <p className="notice">{t('enroll.once')}</p>
      <button type="button" className="button" onClick={onDone}>
        {t('enroll.done')}
      </button>
    </section>
  );
}

/** The site's codes neither used nor expired (never the codes themselves); any can be ended now. */
function OpenCodes({
  siteId,
  codes,
  reload,
  onError,
}: {
  siteId: string;
  codes: OpenEnrollmentCode[] | undefined;
  reload: () => void;
  onError: (e: unknown) => boolean;
}) {
  const { t } = useTranslation();
  const { at } = useFormat();
  const { actionError, act } = useAction(reload, onError);
  return (
    <section aria-labelledby="open-codes-title">
      <h3 id="open-codes-title">{t('enroll.openTitle')}</h3>
      {codes?.length === 0 && <p className="muted">{t('enroll.noneOpen')}</p>}
      <ul className="admins">
        {codes?.map((code) => {
          const what = t('enroll.openCode', {
            role: t(`roles.${code.role}`),
            created: at(code.createdAt),
            expires: at(code.expiresAt),
          });
          return (
            <li key={code.id} aria-label={what}>
              <span>{what}</span>
              <button
                type="button"
                className="button button--quiet"
                onClick={() => void act(() => api.expireEnrollmentCode(siteId, code.id))}
              >
                {t('enroll.expire')}
              </button>
            </li>
          );
        })}
      </ul>
      <ErrorBox error={actionError} />
    </section>
  );
}

/**
 * An alert's heading and sentence in the page's language (alertDetail.<code>, with the server's figures);
 * a code this page does not know yet shows the server's English sentence.
 */
function AlertText({ alert, where }: { alert: Alert; where?: string }) {
  const { t } = useTranslation();
  const { at } = useFormat();
  const params = alert.params ?? {};
  const problem = typeof params.problem === 'string' ? t(`device.${params.problem}`) : undefined;
  const context =
    alert.code === 'clock_skew'
      ? String(params.way)
      : alert.code === 'device_disconnected' && params.error
        ? 'error'
        : alert.code === 'update_rolled_back' && params.reason
          ? 'failed'
          : undefined;
  const detail = t(`alertDetail.${alert.code}`, {
    ...params,
    ...(problem ? { problem } : {}),
    ...((alert.code === 'audit_chain' || alert.code === 'update_rolled_back') && typeof params.at === 'string'
      ? { at: at(params.at) }
      : {}),
    ...(context ? { context } : {}),
    defaultValue: alert.message,
  });
  return (
    <>
      <strong>{t(`alertCode.${alert.code}`, { defaultValue: alert.code })}</strong>{' '}
      {where ? `${where}: ` : ''}
      {detail}
    </>
  );
}

function Alerts({ onError }: { onError: (e: unknown) => boolean }) {
  const { t } = useTranslation();
  const { data, error } = useLoad(api.alerts, onError, true);
  return (
    <section aria-labelledby="alerts-title">
      <h2 id="alerts-title">{t('alerts.title')}</h2>
      <ErrorBox error={error} />
      {data && data.alerts.length === 0 && <p className="muted">{t('alerts.none')}</p>}
      <ul className="alerts">
        {data?.alerts.map((alert: FleetAlertRow, i) => (
          <li key={i}>
            <AlertText
              alert={alert}
              where={t('alerts.where', { station: alert.stationName, site: alert.siteName })}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A day as YYYY-MM-DD in the browser's time zone, `back` days before today. */
const dayBefore = (back: number) => {
  const d = new Date();
  d.setDate(d.getDate() - back);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/**
 * The report across sites over a range (the last 7 days at first): visits and the peak on site per site
 * and day, the exceptions per site and their list; downloads as CSV and PDF (each audited by the server).
 */
function Reports({ onError }: { onError: (e: unknown) => boolean }) {
  const { t, i18n } = useTranslation();
  const [range, setRange] = useState({ from: dayBefore(6), to: dayBefore(0) });
  const { data, error, reload } = useLoad(() => api.report(range.from, range.to), onError);
  const total = data?.rows.reduce((n, r) => n + r.visits, 0) ?? 0;
  const fileUrl = (file: ReportFileName) =>
    api.reportFileUrl(file, range.from, range.to, i18n.resolvedLanguage ?? 'en');
  return (
    <section aria-labelledby="reports-title">
      <h2 id="reports-title">{t('reports.title')}</h2>
      <form
        className="form form--row"
        onSubmit={(e) => {
          e.preventDefault();
          reload();
        }}
      >
        <label className="field">
          <span>{t('reports.from')}</span>
          <input
            type="date"
            value={range.from}
            onChange={(e) => setRange({ ...range, from: e.target.value })}
          />
        </label>
        <label className="field">
          <span>{t('reports.to')}</span>
          <input type="date" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} />
        </label>
        <button type="submit" className="button">
          {t('reports.show')}
        </button>
        <a className="button button--quiet" href={fileUrl('visits.csv')} download>
          {t('reports.csv')}
        </a>
        <a className="button button--quiet" href={fileUrl('exceptions.csv')} download>
          {t('reports.exceptionsCsv')}
        </a>
        <a className="button button--quiet" href={fileUrl('report.pdf')} download>
          {t('reports.pdf')}
        </a>
      </form>
      <ErrorBox error={error} />
      {data && data.rows.length === 0 && <p className="muted">{t('reports.none')}</p>}
      {data && data.rows.length > 0 && (
        <table className="audit">
          <caption>{t('reports.caption', { from: data.from, to: data.to, total })}</caption>
          <ColumnHeads heads={['site', 'day', 'visits', 'peak', 'peakHour'].map((k) => t(`reports.${k}`))} />
          <tbody>
            {data.rows.map((row) => (
              <tr key={`${row.siteId} ${row.day}`}>
                <th scope="row">{row.siteName}</th>
                <td>{row.day}</td>
                <td>{row.visits}</td>
                <td>{row.peak}</td>
                <td>{row.peakHour ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && <ReportExceptions report={data} />}
    </section>
  );
}

/** A table's header row of column headings. */
function ColumnHeads({ heads }: { heads: string[] }) {
  return (
    <thead>
      <tr>
        {heads.map((head, i) => (
          <th scope="col" key={i}>
            {head}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** The report's exceptions: how many of each kind per site, then the newest of them one by one. */
/** An exception's detail in the page's language: a gate's reason, the minutes overstayed, or the incident's title. */
function exceptionDetail(t: TFunction, e: ReportException): string {
  if (e.overstayMinutes !== null) return t('reports.overstayMinutes', { minutes: e.overstayMinutes });
  if ((e.kind === 'refused_scan' || e.kind === 'gate_override') && e.detail)
    return t(`reports.reasons.${e.detail}`, { defaultValue: e.detail });
  return e.detail ?? '';
}

function ReportExceptions({ report }: { report: FleetReport }) {
  const { t } = useTranslation();
  if (report.exceptionsTotal === 0) return <p className="muted">{t('reports.noExceptions')}</p>;
  return (
    <>
      <h3>{t('reports.exceptions')}</h3>
      <table className="audit">
        <caption>{t('reports.countsCaption', { from: report.from, to: report.to })}</caption>
        <ColumnHeads
          heads={[t('reports.site'), ...FLEET_EXCEPTION_KINDS.map((kind) => t(`reports.kinds.${kind}`))]}
        />
        <tbody>
          {report.exceptionCounts.map((site) => (
            <tr key={site.siteId}>
              <th scope="row">{site.siteName}</th>
              {FLEET_EXCEPTION_KINDS.map((kind) => (
                <td key={kind}>{site.counts[kind]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <table className="audit">
        <caption>
          {t('reports.listCaption', { shown: report.exceptions.length, total: report.exceptionsTotal })}
        </caption>
        <ColumnHeads heads={['when', 'site', 'kind', 'visitor', 'detail'].map((k) => t(`reports.${k}`))} />
        <tbody>
          {report.exceptions.map((e, i) => (
            <tr key={i}>
              <td>{e.localAt}</td>
              <td>{e.siteName}</td>
              <td>{t(`reports.kinds.${e.kind}`)}</td>
              <td>{e.visitorName ?? '—'}</td>
              <td>{exceptionDetail(t, e)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The server's admin audit, newest first, filtered by site, station and action; older pages on demand. */
function Audit({ onError }: { onError: (e: unknown) => boolean }) {
  const { t } = useTranslation();
  const { at } = useFormat();
  const errorText = useErrorText();
  const sites = useLoad(api.sites, onError);
  const [filter, setFilter] = useState<Omit<AuditFilter, 'before'>>({});
  const [stations, setStations] = useState<StationRow[]>([]);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [actions, setActions] = useState<string[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  // Only the newest request's answer is shown: filters changed quickly may answer out of order.
  const latest = useRef(0);
  const load = async (before?: number) => {
    const mine = ++latest.current;
    setLoading(true);
    setError(null);
    try {
      const page = await api.audit({ ...filter, before });
      if (mine !== latest.current) return;
      setEntries((shown) => (before ? [...shown, ...page.entries] : page.entries));
      setActions(page.actions);
      setNext(page.next);
    } catch (e) {
      if (mine === latest.current && !onError(e)) setError(errorText(e));
    } finally {
      if (mine === latest.current) setLoading(false);
    }
  };
  useEffect(() => {
    void load();
  }, [filter.siteId, filter.stationId, filter.action]);
  useEffect(() => {
    setStations([]);
    if (filter.siteId)
      api.stations(filter.siteId).then(
        (r) => setStations(r.stations),
        (e: unknown) => !onError(e) && setError(errorText(e)),
      );
  }, [filter.siteId]);

  const choose = (
    label: string,
    value: string | undefined,
    options: [string, string][],
    set: (v: string) => void,
  ) => (
    <label className="field">
      <span>{label}</span>
      <select value={value ?? ''} onChange={(e) => set(e.target.value)}>
        <option value="">{t('audit.all')}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">{t('audit.title')}</h2>
      <div className="form form--row" role="group" aria-label={t('audit.filters')}>
        {choose(
          t('audit.site'),
          filter.siteId,
          (sites.data?.sites ?? []).map((s): [string, string] => [s.id, s.name]),
          (siteId) => setFilter({ ...filter, siteId: siteId || undefined, stationId: undefined }),
        )}
        {choose(
          t('audit.station'),
          filter.stationId,
          stations.map((s): [string, string] => [s.id, s.name]),
          (stationId) => setFilter({ ...filter, stationId: stationId || undefined }),
        )}
        {choose(
          t('audit.action'),
          filter.action,
          actions.map((a): [string, string] => [a, a]),
          (action) => setFilter({ ...filter, action: action || undefined }),
        )}
      </div>
      <ErrorBox error={error || sites.error} />
      {!loading && entries.length === 0 && <p className="muted">{t('audit.none')}</p>}
      <table className="audit">
        <thead>
          <tr>
            <th scope="col">{t('audit.when')}</th>
            <th scope="col">{t('audit.action')}</th>
            <th scope="col">{t('audit.details')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td>{at(entry.at)}</td>
              <td>
                <code>{entry.action}</code>
              </td>
              <td>
                {Object.entries(entry.details)
                  .map(
                    ([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`,
                  )
                  .join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {next !== null && (
        <button
          type="button"
          className="button button--quiet"
          disabled={loading}
          onClick={() => void load(next)}
        >
          {t('audit.older')}
        </button>
      )}
    </section>
  );
}

function Admins({ me, onError }: { me: string; onError: (e: unknown) => boolean }) {
  const { t } = useTranslation();
  const { at } = useFormat();
  const { data, error, reload } = useLoad(api.admins, onError);
  const [form, setForm] = useState({ login: '', name: '', password: '' });
  const { actionError, setActionError, act } = useAction(reload, onError);
  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (form.password.length < 12) {
      setActionError(t('admins.shortPassword'));
      return;
    }
    if (await act(() => api.addAdmin(form))) setForm({ login: '', name: '', password: '' });
  };
  return (
    <section aria-labelledby="admins-title">
      <h2 id="admins-title">{t('admins.title')}</h2>
      <ErrorBox error={error} />
      <ul className="admins">
        {data?.admins.map((admin: AdminRow) => (
          <li key={admin.id}>
            <strong>{admin.name}</strong> <span className="muted">{admin.login}</span>{' '}
            {admin.disabledAt ? (
              <span className="muted">{t('admins.disabledAt', { at: at(admin.disabledAt) })}</span>
            ) : (
              <button
                type="button"
                className="button button--quiet"
                aria-label={t('admins.disableLabel', { name: admin.name })}
                onClick={() => void act(() => api.disableAdmin(admin.id))}
              >
                {admin.id === me ? t('admins.disableSelf') : t('admins.disable')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <ErrorBox error={actionError} />
      <form className="form" onSubmit={(e) => void add(e)}>
        <h3>{t('admins.add')}</h3>
        <TextField
          label={t('admins.login')}
          value={form.login}
          autoCapitalize="none"
          onChange={(login) => setForm({ ...form, login })}
        />
        <TextField
          label={t('admins.name')}
          value={form.name}
          onChange={(name) => setForm({ ...form, name })}
        />
        <label className="field">
          <span>{t('admins.password')}</span>
          <input
            type="password"
            autoComplete="new-password"
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
            required
          />
        </label>
        <button type="submit" className="button">
          {t('admins.addSubmit')}
        </button>
      </form>
    </section>
  );
}
