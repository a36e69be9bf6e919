// The status bar of the desk and gate: one pill per configured device (connected, lost, not known yet),
// refreshed whenever the station says a device changed, and the way to the devices page.
import { useCallback } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { DeviceHealth } from '../../../shared/devices';
import { useLive } from '../../api/hooks';
import { useStation } from '../../api/StationProvider';
import './devices.css';

/** The health of every configured device, kept current by devices.changed. */
export function useDeviceStatus() {
  const { client } = useStation();
  const load = useCallback(() => client.devices.status().then((r) => r.devices), [client]);
  const { data, error, reload } = useLive(load, ['devices.changed']);
  return { devices: data, error, reload };
}

export function deviceState(device: DeviceHealth): 'ok' | 'down' | 'unknown' {
  // A device that reconnected keeps its last error (shown as a tooltip) but is working.
  if (device.connected === null) return device.lastError ? 'down' : 'unknown';
  return device.connected ? 'ok' : 'down';
}

/** What the state column and pill say: a printer's own problem (out of labels …) or the connection state. */
export function deviceStateLabel(device: DeviceHealth, t: TFunction): string {
  return device.problem ? t(`devices.problem.${device.problem}`) : t(`devices.state.${deviceState(device)}`);
}

export function DeviceStatusBar({ devicesPath }: { devicesPath: string }) {
  const { t } = useTranslation();
  const { mayCall } = useStation();
  const { devices } = useDeviceStatus();
  return (
    <nav className="device-bar" aria-label={t('devices.statusBar')}>
      {devices?.length === 0 && <span className="muted">{t('devices.noneConfigured')}</span>}
      {devices?.map((device) => {
        const state = device.problem ? 'down' : deviceState(device);
        return (
          <span
            key={device.id}
            className={`device-pill device-pill--${state}`}
            title={device.lastError ?? undefined}
            data-device-id={device.id}
          >
            <span className="device-pill__dot" aria-hidden="true" />
            {device.name}: {deviceStateLabel(device, t)}
          </span>
        );
      })}
      {mayCall('devices.config') && (
        <Link className="device-bar__link button button--quiet" to={devicesPath}>
          {t('devices.manage')}
        </Link>
      )}
    </nav>
  );
}
