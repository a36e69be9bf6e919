// Setting up devices (administrators): the configured devices with a remove button each, the site's
// shared device profile (SiteProfile), what is plugged in now, and the form to add one. Each change is one call (devices.add / devices.remove); the
// station checks it, stores it and reopens the devices.
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DevicesConfig, NewDeviceInput } from '../../../shared/devices';
import { useAction, useLive } from '../../api/hooks';
import { useStation } from '../../api/StationProvider';
import { ErrorAlert } from '../../components/ErrorText';
import { AddDeviceForm, EMPTY_DRAFT, useDeviceFieldLabels, type DeviceDraft } from './AddDeviceForm';
import { DetectedDevices } from './DetectedDevices';
import { SiteProfile } from './SiteProfile';

export function DeviceSetup() {
  const { t } = useTranslation();
  const { client, mayCall } = useStation();
  const admin = mayCall('devices.add');
  const load = useCallback(() => client.devices.config(), [client]);
  const live = useLive(load, [], { enabled: admin });
  const action = useAction();
  const [draft, setDraft] = useState<DeviceDraft>(EMPTY_DRAFT);
  const [saved, setSaved] = useState(false);
  const fieldLabels = useDeviceFieldLabels(draft.kind);
  const change = (next: Partial<DeviceDraft>) => setDraft((d) => ({ ...d, ...next }));

  if (!admin) return <p className="muted">{t('devices.adminOnly')}</p>;

  const apply = async (call: () => Promise<{ config: DevicesConfig }>) => {
    setSaved(false);
    const result = await action.run(call);
    if (!result) return false;
    live.setData(result.config);
    setSaved(true);
    return true;
  };
  const add = async (device: NewDeviceInput) => {
    if (await apply(() => client.devices.add(device))) setDraft(EMPTY_DRAFT);
  };
  const remove = (deviceId: string) => void apply(() => client.devices.remove({ deviceId }));

  const config = live.data;
  const all = config ? [...config.scanners, ...config.relays, ...config.printers] : [];
  return (
    <section aria-labelledby="device-setup-title">
      <h2 id="device-setup-title">{t('devices.setupTitle')}</h2>
      <ErrorAlert error={live.error} onRetry={live.reload} />
      <ErrorAlert error={action.error} fieldLabels={fieldLabels} />
      {saved && (
        <div className="alert alert--info" role="status">
          {t('devices.saved')}
        </div>
      )}
      {all.length > 0 && (
        <ul>
          {all.map((device) => (
            <li key={device.id}>
              {device.name} ({t(`devices.kinds.${device.kind}`)}){' '}
              <button
                type="button"
                className="button button--quiet"
                aria-label={t('devices.removeWhich', { name: device.name })}
                disabled={action.busy}
                onClick={() => remove(device.id)}
              >
                {t('devices.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {config && (
        <SiteProfile
          ownDevices={all.length}
          onApplied={(next) => {
            live.setData(next);
            setSaved(false);
          }}
        />
      )}
      <DetectedDevices onUse={({ kind, target, usb = null }) => change({ kind, target, usb })} />
      <AddDeviceForm
        draft={draft}
        onChange={change}
        onAdd={(d) => void add(d)}
        busy={action.busy || !config}
      />
    </section>
  );
}
