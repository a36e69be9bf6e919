// Site settings (opening hours, automatic check-out, idle times, retention, what is kept of ID numbers,
// watchlist threshold, capacity of the site and of each zone, the update quiet window, branding) and this station's own name and language; its devices have their
// own page.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../../../shared/datetime';
import { LANGUAGES, type Language } from '../../../../shared/domain';
import type { RetentionStatus } from '../../../../shared/api/privacy';
import { ID_NUMBER_KEPT, WEEKDAYS, type SiteSettings } from '../../../../shared/settings';
import { useStation } from '../../../api/StationProvider';
import { ErrorAlert } from '../../../components/ErrorText';
import { useAction } from '../shared';
import { LegalHolds } from './LegalHolds';

type Numeric =
  | 'kioskIdleSeconds'
  | 'kioskDoneSeconds'
  | 'staffIdleMinutes'
  | 'staffSessionHours'
  | 'approvalTimeoutSeconds'
  | 'retentionDays';
const NUMBERS: Numeric[] = [
  'kioskIdleSeconds',
  'kioskDoneSeconds',
  'staffIdleMinutes',
  'staffSessionHours',
  'approvalTimeoutSeconds',
  'retentionDays',
];

/** The locales offered for a site's dates (any BCP 47 locale is accepted through the API). */
const LOCALES = [
  'en-GB',
  'en-US',
  'en-IE',
  'en-AU',
  'de-DE',
  'de-AT',
  'de-CH',
  'fr-FR',
  'fr-BE',
  'fr-CA',
  'es-ES',
  'es-MX',
];
const SAMPLE = Date.UTC(2026, 11, 8, 14, 30);

/** "English (United Kingdom) — 08/12/2026, 14:30": the locale's name in the screen's language and a sample. */
function localeLabel(locale: string, language: string): string {
  const name = new Intl.DisplayNames([language], { type: 'language' }).of(locale) ?? locale;
  return `${name} — ${formatDateTime(SAMPLE, { locale, timeZone: 'UTC' })}`;
}

export function SettingsAdmin() {
  const { t } = useTranslation();
  // A hold placed or released changes what the retention line counts: it reads again.
  const [holdsChanged, setHoldsChanged] = useState(0);
  return (
    <>
      <h2>{t('admin.settings.title')}</h2>
      <SiteSettingsForm />
      <RetentionStatusLine key={holdsChanged} />
      <LegalHolds onChanged={() => setHoldsChanged((n) => n + 1)} />
      <DataKeyRotation />
      <h2>{t('admin.station.title')}</h2>
      <StationSettingsForm />
    </>
  );
}

function SiteSettingsForm() {
  const { t, i18n } = useTranslation();
  const { client, status } = useStation();
  const { busy, error, run } = useAction();
  const [form, setForm] = useState<SiteSettings | null>(null);
  const [zones, setZones] = useState<{ id: string; name: string }[]>([]);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    void run(() => client.settings.site()).then((s) => s && setForm(s));
    void run(() => client.settings.zones()).then((z) => z && setZones(z.zones));
  }, [client, run]);
  if (!form) return <ErrorAlert error={error} />;

  const change = (patch: Partial<SiteSettings>) => {
    setForm({ ...form, ...patch });
    setSaved(false);
  };
  const setDay = (day: (typeof WEEKDAYS)[number], span: { open: string; close: string } | null) => {
    const { [day]: _old, ...rest } = form.openingHours;
    change({ openingHours: span ? { ...rest, [day]: span } : rest });
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { openingHours, branding, autoCheckOutTime, watchlistThreshold, capacity, zoneCapacities } = form;
    const next = await run(() =>
      client.settings.updateSite({
        openingHours,
        branding,
        autoCheckOutTime,
        watchlistThreshold,
        capacity,
        zoneCapacities,
        idNumberKept: form.idNumberKept,
        locale: form.locale,
        updateWindow: form.updateWindow,
        ...Object.fromEntries(NUMBERS.map((key) => [key, form[key]])),
      }),
    );
    if (next) {
      setForm(next);
      setSaved(true);
    }
  };
  const setZoneLimit = (zoneId: string, limit: number | null) => {
    const { [zoneId]: _old, ...rest } = form.zoneCapacities;
    change({ zoneCapacities: limit === null ? rest : { ...rest, [zoneId]: limit } });
  };
  /** An empty box is no limit. */
  const limitOf = (value: string) => (value === '' ? null : Number(value));
  // Monday 5 January 2026, so each weekday's name comes from the browser in the screen's language.
  const dayName = (i: number) =>
    new Intl.DateTimeFormat(i18n.resolvedLanguage ?? 'en', { weekday: 'long', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2026, 0, 5 + i)),
    );

  return (
    <form className="desk-form" aria-label={t('admin.settings.title')} onSubmit={(e) => void submit(e)}>
      <fieldset className="admin-fieldset">
        <legend>{t('admin.settings.openingHours')}</legend>
        {WEEKDAYS.map((day, i) => {
          const span = form.openingHours[day];
          return (
            <div key={day} role="group" aria-label={dayName(i)}>
              <label>
                <span>
                  <input
                    type="checkbox"
                    checked={Boolean(span)}
                    onChange={(e) => setDay(day, e.target.checked ? { open: '08:00', close: '18:00' } : null)}
                  />{' '}
                  {t('admin.settings.openOn', { day: dayName(i) })}
                </span>
              </label>
              {span && (
                <>
                  <label>
                    {t('admin.settings.opens')}
                    <input
                      type="time"
                      value={span.open}
                      onChange={(e) => setDay(day, { ...span, open: e.target.value })}
                    />
                  </label>
                  <label>
                    {t('admin.settings.closes')}
                    <input
                      type="time"
                      value={span.close}
                      onChange={(e) => setDay(day, { ...span, close: e.target.value })}
                    />
                  </label>
                </>
              )}
            </div>
          );
        })}
      </fieldset>
      <label>
        {t('admin.settings.autoCheckOutTime')}
        <input
          type="time"
          value={form.autoCheckOutTime ?? ''}
          onChange={(e) => change({ autoCheckOutTime: e.target.value || null })}
        />
      </label>
      {NUMBERS.map((key) => (
        <label key={key}>
          {t(`admin.settings.${key}`)}
          <input
            type="number"
            inputMode="numeric"
            value={form[key]}
            onChange={(e) => change({ [key]: e.target.valueAsNumber })}
          />
        </label>
      ))}
      <label>
        {t('admin.settings.watchlistThreshold')}
        <input
          type="number"
          step="0.01"
          min="0.5"
          max="1"
          value={form.watchlistThreshold}
          onChange={(e) => change({ watchlistThreshold: e.target.valueAsNumber })}
        />
      </label>
      <label>
        {t('admin.settings.idNumberKept')}
        <select
          value={form.idNumberKept}
          onChange={(e) => change({ idNumberKept: e.target.value as SiteSettings['idNumberKept'] })}
        >
          {ID_NUMBER_KEPT.map((keep) => (
            <option key={keep} value={keep}>
              {t(`admin.settings.idNumberKeptOptions.${keep}`)}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="admin-fieldset">
        <legend>{t('admin.settings.capacity')}</legend>
        <p className="muted">{t('admin.settings.capacityHelp')}</p>
        <label>
          {t('admin.settings.siteCapacity')}
          <input
            type="number"
            inputMode="numeric"
            min="1"
            value={form.capacity ?? ''}
            onChange={(e) => change({ capacity: limitOf(e.target.value) })}
          />
        </label>
        {zones.map((zone) => (
          <label key={zone.id}>
            {t('admin.settings.zoneCapacity', { zone: zone.name })}
            <input
              type="number"
              inputMode="numeric"
              min="1"
              value={form.zoneCapacities[zone.id] ?? ''}
              onChange={(e) => setZoneLimit(zone.id, limitOf(e.target.value))}
            />
          </label>
        ))}
      </fieldset>
      <fieldset className="admin-fieldset">
        <legend>{t('admin.settings.updateWindow')}</legend>
        <p className="muted">
          {t('admin.settings.updateWindowHelp', { timezone: status.site?.timezone ?? '' })}
        </p>
        <label>
          {t('admin.settings.updateWindowStart')}
          <input
            type="time"
            value={form.updateWindow.start}
            onChange={(e) => change({ updateWindow: { ...form.updateWindow, start: e.target.value } })}
          />
        </label>
        <label>
          {t('admin.settings.updateWindowEnd')}
          <input
            type="time"
            value={form.updateWindow.end}
            onChange={(e) => change({ updateWindow: { ...form.updateWindow, end: e.target.value } })}
          />
        </label>
      </fieldset>
      <label>
        {t('admin.settings.locale')}
        <select value={form.locale ?? ''} onChange={(e) => change({ locale: e.target.value || null })}>
          <option value="">{t('admin.settings.localeFromLanguage')}</option>
          {LOCALES.map((locale) => (
            <option key={locale} value={locale}>
              {localeLabel(locale, i18n.resolvedLanguage ?? 'en')}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('admin.settings.welcomeText')}
        <input
          value={form.branding.welcomeText ?? ''}
          onChange={(e) => change({ branding: { ...form.branding, welcomeText: e.target.value || null } })}
        />
      </label>
      <label>
        {t('admin.settings.accentColor')}
        <input
          type="color"
          value={form.branding.accentColor ?? '#1d4ed8'}
          onChange={(e) => change({ branding: { ...form.branding, accentColor: e.target.value } })}
        />
      </label>
      <button type="submit" className="small-button small-button--primary" disabled={busy}>
        {t('admin.save')}
      </button>
      {saved && <p role="status">{t('admin.saved')}</p>}
      <div className="wide">
        <ErrorAlert
          error={error}
          fieldLabels={{
            autoCheckOutTime: t('admin.settings.autoCheckOutTime'),
            watchlistThreshold: t('admin.settings.watchlistThreshold'),
            capacity: t('admin.settings.siteCapacity'),
            ...Object.fromEntries(
              zones.map((zone) => [
                `zoneCapacities.${zone.id}`,
                t('admin.settings.zoneCapacity', { zone: zone.name }),
              ]),
            ),
            'branding.accentColor': t('admin.settings.accentColor'),
            'branding.welcomeText': t('admin.settings.welcomeText'),
            locale: t('admin.settings.locale'),
            'updateWindow.start': t('admin.settings.updateWindowStart'),
            'updateWindow.end': t('admin.settings.updateWindowEnd'),
            ...Object.fromEntries(NUMBERS.map((key) => [key, t(`admin.settings.${key}`)])),
            ...Object.fromEntries(
              WEEKDAYS.map((day, i) => [
                `openingHours.${day}.close`,
                `${dayName(i)}: ${t('admin.settings.closes')}`,
              ]),
            ),
          }}
        />
      </div>
    </form>
  );
}

/** What the nightly retention job will do next (issue #15), read when the page opens. */
function RetentionStatusLine() {
  const { t, i18n } = useTranslation();
  const { client, status } = useStation();
  const { error, run } = useAction();
  const [info, setInfo] = useState<RetentionStatus | null>(null);
  useEffect(() => {
    void run(() => client.privacy.retentionStatus({})).then((s) => s && setInfo(s));
  }, [client, run]);
  const when = (iso: string) =>
    new Intl.DateTimeFormat(i18n.resolvedLanguage ?? 'en', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: status.site?.timezone,
    }).format(new Date(iso));
  return (
    <section aria-label={t('admin.retention.title')}>
      <h2>{t('admin.retention.title')}</h2>
      <ErrorAlert error={error} />
      {info && (
        <p role="status">
          {t('admin.retention.due', {
            days: info.retentionDays,
            visits: info.dueVisits,
            held: info.heldByIncidents,
            legal: info.heldByLegalHolds,
          })}{' '}
          {t('admin.retention.holds', { count: info.activeHolds })}{' '}
          {info.nextRunAt
            ? t('admin.retention.next', { time: when(info.nextRunAt) })
            : t('admin.retention.elsewhere')}{' '}
          {info.lastRun &&
            t('admin.retention.lastRun', {
              time: when(info.lastRun.at),
              visits: info.lastRun.anonymisedVisits,
              visitors: info.lastRun.anonymisedVisitors,
            })}
        </p>
      )}
    </section>
  );
}

/**
 * Rotating this station's data key (docs/privacy.md#rotating-the-data-key), after a second press: a new
 * key is stored now and the next start of the station rekeys the database and reseals the visit files.
 */
function DataKeyRotation() {
  const { t } = useTranslation();
  const { client } = useStation();
  const { busy, error, run } = useAction();
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<'started' | 'waiting' | null>(null);
  const rotate = async () => {
    const done = await run(() => client.privacy.rotateDataKey({}));
    setConfirming(false);
    if (done) setOutcome(done.started ? 'started' : 'waiting');
  };
  return (
    <section aria-label={t('admin.dataKey.title')}>
      <h2>{t('admin.dataKey.title')}</h2>
      <p className="desk-hint">{t('admin.dataKey.help')}</p>
      {confirming ? (
        <div className="desk-form" role="group" aria-label={t('admin.dataKey.confirmTitle')}>
          <p className="wide">{t('admin.dataKey.confirmText')}</p>
          <p className="admin-actions wide">
            <button
              type="button"
              className="small-button small-button--primary"
              disabled={busy}
              onClick={() => void rotate()}
            >
              {t('admin.dataKey.confirm')}
            </button>
            <button type="button" className="small-button" onClick={() => setConfirming(false)}>
              {t('admin.cancel')}
            </button>
          </p>
        </div>
      ) : (
        <button
          type="button"
          className="small-button"
          aria-expanded={false}
          onClick={() => {
            setOutcome(null);
            setConfirming(true);
          }}
        >
          {t('admin.dataKey.rotate')}
        </button>
      )}
      {outcome && <p role="status">{t(`admin.dataKey.${outcome}`)}</p>}
      <ErrorAlert error={error} />
    </section>
  );
}

function StationSettingsForm() {
  const { t, i18n } = useTranslation();
  const { client, status } = useStation();
  const { busy, error, run } = useAction();
  const [name, setName] = useState(status.station.name);
  const [language, setLanguage] = useState<Language>(status.station.language);
  const [saved, setSaved] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { kind } = status.station;
    if (!kind || !status.site) return;
    const done = await run(() => client.station.configure({ kind, siteId: status.site!.id, language, name }));
    setSaved(Boolean(done));
  };

  return (
    <form className="desk-form" aria-label={t('admin.station.title')} onSubmit={(e) => void submit(e)}>
      <label>
        {t('admin.station.name')}
        <input value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        {t('admin.station.language')}
        <select value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
          {LANGUAGES.map((lng) => (
            <option key={lng} value={lng}>
              {i18n.getFixedT(lng)('language.name')}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="small-button small-button--primary" disabled={busy}>
        {t('admin.save')}
      </button>
      <Link className="small-button" to="/desk/devices">
        {t('admin.station.devices')}
      </Link>
      {saved && <p role="status">{t('admin.saved')}</p>}
      <div className="wide">
        <ErrorAlert error={error} fieldLabels={{ name: t('admin.station.name') }} />
      </div>
    </form>
  );
}
