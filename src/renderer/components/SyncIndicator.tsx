// Sync in the UI: the compact indicator in the desk and gate header (online or offline, changes waiting to
// be sent, time of the last sync, age of the watchlist with a warning past the site's limit), and the
// optional enrollment step of the first-run setup screen (server address + one-time code).
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction, useLive } from '../api/hooks';
import { useStation } from '../api/StationProvider';
import { useDates } from '../format';
import { CLOCK_SKEW_ALERT_MS } from '../../shared/sync';
import { ErrorAlert } from './ErrorText';

/** The watchlist age keeps growing between events: read the status again this often. */
const REFRESH_MS = 30_000;

/** A clock offset as "4 min", "5 h" or "3 days", in the screen's language. */
function formatOffset(ms: number, language: string): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const [value, unit] =
    minutes < 120
      ? [minutes, 'minute']
      : minutes < 48 * 60
        ? [minutes / 60, 'hour']
        : [minutes / 1440, 'day'];
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit,
    unitDisplay: 'long',
    maximumFractionDigits: 0,
  }).format(Math.round(value));
}

export function SyncIndicator() {
  const { t, i18n } = useTranslation();
  const { client, mayCall } = useStation();
  const load = useCallback(() => client.sync.status(), [client]);
  const { data: sync } = useLive(load, ['sync.changed'], {
    pollMs: REFRESH_MS,
    enabled: mayCall('sync.status'),
  });
  const dates = useDates(); // before any return: hooks run in the same order on every render

  if (!sync) return null;
  if (!sync.enrolled) {
    return (
      <div className="device-bar sync-indicator" role="status">
        <span className="device-pill device-pill--unknown">
          <span className="device-pill__dot" aria-hidden="true" />
          {t('sync.standalone')}
        </span>
      </div>
    );
  }
  const age = sync.watchlist.ageHours;
  return (
    <div className="device-bar sync-indicator" role="status" aria-label={t('sync.label')}>
      <span
        className={`device-pill device-pill--${sync.online ? 'ok' : 'down'}`}
        title={sync.lastError ?? undefined}
        data-sync-online={sync.online}
      >
        <span className="device-pill__dot" aria-hidden="true" />
        {sync.online ? t('sync.online') : t('sync.offline')}
      </span>
      {sync.waiting > 0 && <span className="device-pill">{t('sync.waiting', { count: sync.waiting })}</span>}
      {sync.clockOffsetMs !== null && Math.abs(sync.clockOffsetMs) >= CLOCK_SKEW_ALERT_MS && (
        // Offset = server minus station: negative means this station's clock runs ahead.
        <span className="device-pill device-pill--down" data-clock-skew={sync.clockOffsetMs}>
          <span className="device-pill__dot" aria-hidden="true" />
          {t(sync.clockOffsetMs < 0 ? 'sync.clockAhead' : 'sync.clockBehind', {
            amount: formatOffset(sync.clockOffsetMs, i18n.language),
          })}
        </span>
      )}
      {sync.held > 0 && (
        <span className="device-pill device-pill--down">{t('sync.held', { count: sync.held })}</span>
      )}
      <span className="device-pill">
        {sync.lastSyncAt ? t('sync.lastSync', { time: dates.time(sync.lastSyncAt) }) : t('sync.neverSynced')}
      </span>
      <span
        className={`device-pill${sync.watchlist.stale ? ' device-pill--down' : ''}`}
        data-watchlist-stale={sync.watchlist.stale}
      >
        {sync.watchlist.stale && <span className="device-pill__dot" aria-hidden="true" />}
        {age === null
          ? t('sync.watchlistNever')
          : t(sync.watchlist.stale ? 'sync.watchlistStale' : 'sync.watchlistAge', {
              hours: Math.floor(age),
              max: sync.watchlist.maxAgeHours,
            })}
      </span>
    </div>
  );
}

/**
 * The setup screen's optional first step: enroll this station with the organisation's sync server. On
 * success the station takes its site and role from the server; "run without a server" is simply skipping it.
 */
export function SyncEnrollStep({ onEnrolled }: { onEnrolled: () => void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');
  const { busy, error, run } = useAction();

  const enroll = async () => {
    const enrolled = await run(() => client.sync.enroll({ serverUrl: serverUrl.trim(), code }));
    if (enrolled) onEnrolled();
  };

  return (
    <section className="choice-group sync-enroll" aria-labelledby="sync-enroll-title">
      <h2 id="sync-enroll-title" className="field__label">
        {t('sync.enroll.title')}
      </h2>
      <p className="muted">{t('sync.enroll.intro')}</p>
      <label className="field">
        <span className="field__label">{t('sync.enroll.serverUrl')}</span>
        <input
          className="field__input"
          type="url"
          inputMode="url"
          placeholder="https://sync.example.org"
          value={serverUrl}
          onChange={(e) => setServerUrl(e.target.value)}
        />
      </label>
      <label className="field">
        <span className="field__label">{t('sync.enroll.code')}</span>
        <input
          className="field__input"
          autoComplete="off"
          autoCapitalize="characters"
          placeholder="ABCD-EFGH-JKMN"
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      </label>
      <ErrorAlert
        error={error}
        fieldLabels={{ serverUrl: t('sync.enroll.serverUrl'), code: t('sync.enroll.code') }}
      />
      <button
        type="button"
        className="button button--block"
        disabled={busy || !serverUrl.trim() || !code.trim()}
        onClick={() => void enroll()}
      >
        {busy ? t('sync.enroll.busy') : t('sync.enroll.submit')}
      </button>
      <p className="muted">{t('sync.enroll.skip')}</p>
    </section>
  );
}
