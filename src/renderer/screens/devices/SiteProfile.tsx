// The site's shared device profile on the devices page (issue #16, administrators): at a desk, sharing this
// station's devices with every station of the site (addresses only when ticked); at any station, the
// profile a desk shared, with "Apply" to set this station up from it in one step (a station that has
// devices of its own asks before replacing them). A station with no devices adopts it by itself.
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProfileApplication } from '../../../shared/api/devices';
import type { DevicesConfig } from '../../../shared/devices';
import { useAction, useLive } from '../../api/hooks';
import { useStation } from '../../api/StationProvider';
import { ErrorAlert } from '../../components/ErrorText';
import { useDates } from '../../format';

export function SiteProfile({
  ownDevices,
  onApplied,
}: {
  /** How many devices this station has now (sharing needs at least one). */
  ownDevices: number;
  onApplied: (config: DevicesConfig) => void;
}) {
  const { t } = useTranslation();
  const { client, mayCall, status } = useStation();
  const dates = useDates();
  const load = useCallback(() => client.devices.siteProfile({}), [client]);
  const live = useLive(load, ['deviceProfile.changed']);
  const action = useAction();
  const [includeAddresses, setIncludeAddresses] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [shared, setShared] = useState(false);
  const [applied, setApplied] = useState<ProfileApplication | null>(null);

  const mayShare = status.station.kind === 'desk' && mayCall('devices.shareProfile');
  const profile = live.data?.profile ?? null;
  const kindName = (kind: string) => t(`devices.kinds.${kind}`, { defaultValue: kind });

  const share = async () => {
    setShared(false);
    setApplied(null);
    const result = await action.run(() => client.devices.shareProfile({ includeAddresses }));
    if (!result) return;
    live.setData((d) => ({ profile: result.profile, ownDevices: d?.ownDevices ?? true }));
    setShared(true);
  };
  const apply = async () => {
    setConfirming(false);
    setShared(false);
    const result = await action.run(() => client.devices.applyProfile({}));
    if (!result) return;
    setApplied(result);
    onApplied(result.config);
    live.reload();
  };

  return (
    <section aria-labelledby="site-profile-title" className="site-profile">
      <h2 id="site-profile-title">{t('devices.profile.title')}</h2>
      <ErrorAlert error={live.error} onRetry={live.reload} />
      <ErrorAlert error={action.error} />
      {shared && (
        <div className="alert alert--info" role="status">
          {t('devices.profile.shared')}
        </div>
      )}
      {applied && (
        <div className="alert alert--info" role="status">
          <p>{t('devices.profile.applied')}</p>
          {applied.unresolved.length > 0 && (
            <>
              <p>{t('devices.profile.unresolved')}</p>
              <ul>
                {applied.unresolved.map((d) => (
                  <li key={d.id}>
                    {d.name} ({kindName(d.kind)})
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {live.data && !profile && <p className="muted">{t('devices.profile.none')}</p>}
      {profile && (
        <div className="site-profile__available">
          <p>
            <strong>{t('devices.profile.available')}</strong>{' '}
            {profile.sharedBy
              ? t('devices.profile.sharedBy', {
                  station: profile.sharedBy,
                  at: dates.dateTime(profile.sharedAt),
                })
              : t('devices.profile.sharedAt', { at: dates.dateTime(profile.sharedAt) })}
          </p>
          <ul>
            {profile.devices.map((d) => (
              <li key={d.id}>
                {d.name} ({kindName(d.kind)}){!d.addressed && <> — {t('devices.profile.findsAddress')}</>}
              </li>
            ))}
          </ul>
          {confirming ? (
            <div
              className="site-profile__confirm"
              role="group"
              aria-label={t('devices.profile.confirmTitle')}
            >
              <p>{t('devices.profile.confirmReplace')}</p>
              <button
                type="button"
                className="button button--primary"
                disabled={action.busy}
                onClick={() => void apply()}
              >
                {t('devices.profile.replace')}
              </button>{' '}
              <button type="button" className="button button--quiet" onClick={() => setConfirming(false)}>
                {t('devices.profile.cancel')}
              </button>
            </div>
          ) : (
            <button
              type="button"
              className="button button--primary"
              disabled={action.busy}
              onClick={() => (ownDevices > 0 ? setConfirming(true) : void apply())}
            >
              {t('devices.profile.apply')}
            </button>
          )}
        </div>
      )}
      {mayShare && (
        <div className="site-profile__share">
          <label className="devices-check">
            <input
              type="checkbox"
              checked={includeAddresses}
              onChange={(e) => setIncludeAddresses(e.target.checked)}
            />{' '}
            {t('devices.profile.includeAddresses')}
          </label>
          <p className="muted">{t('devices.profile.addressesHint')}</p>
          <button
            type="button"
            className="button"
            disabled={action.busy || ownDevices === 0}
            onClick={() => void share()}
          >
            {t('devices.profile.share')}
          </button>
        </div>
      )}
    </section>
  );
}
