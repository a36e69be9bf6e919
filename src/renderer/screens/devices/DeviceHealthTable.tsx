// The status table of the devices page: every configured device's health, and a test button for each
// (administrators).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDates } from '../../format';
import type { DeviceTestResult } from '../../../shared/api/devices';
import { useAction } from '../../api/hooks';
import { useStation } from '../../api/StationProvider';
import { ErrorAlert } from '../../components/ErrorText';
import { deviceStateLabel, useDeviceStatus } from './DeviceStatusBar';

export function DeviceHealthTable() {
  const { t } = useTranslation();
  const { client, mayCall } = useStation();
  const dates = useDates();
  const { devices, error: loadError, reload } = useDeviceStatus();
  const [results, setResults] = useState<Record<string, DeviceTestResult | 'running' | undefined>>({});
  const action = useAction();

  const test = async (deviceId: string) => {
    setResults((r) => ({ ...r, [deviceId]: 'running' }));
    const result = await action.run(() => client.devices.test({ deviceId }));
    setResults((r) => ({ ...r, [deviceId]: result }));
  };

  return (
    <section aria-labelledby="device-health-title">
      <h2 id="device-health-title">{t('devices.statusTitle')}</h2>
      <ErrorAlert error={loadError} onRetry={reload} />
      <ErrorAlert error={action.error} />
      {devices?.length === 0 ? (
        <p className="empty">{t('devices.noneConfigured')}</p>
      ) : (
        <table className="devices-table">
          <thead>
            <tr>
              <th scope="col">{t('devices.columns.name')}</th>
              <th scope="col">{t('devices.columns.type')}</th>
              <th scope="col">{t('devices.columns.state')}</th>
              <th scope="col">{t('devices.columns.lastSeen')}</th>
              <th scope="col">{t('devices.columns.lastError')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('devices.columns.test')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {devices?.map((device) => {
              const result = results[device.id];
              return (
                <tr key={device.id} data-device-id={device.id}>
                  <td>{device.name}</td>
                  <td>{t(`devices.kinds.${device.kind}`)}</td>
                  <td>{deviceStateLabel(device, t)}</td>
                  <td>{device.lastSeen ? dates.time(device.lastSeen) : '—'}</td>
                  <td>{device.lastError ?? '—'}</td>
                  <td>
                    {mayCall('devices.test') && (
                      <button
                        type="button"
                        className="button button--secondary"
                        disabled={result === 'running'}
                        aria-label={t('devices.testWhich', { name: device.name })}
                        onClick={() => void test(device.id)}
                      >
                        {result === 'running'
                          ? device.type === 'scanner'
                            ? t('devices.waitingForScan')
                            : t('devices.testing')
                          : t('devices.test')}
                      </button>
                    )}
                    {result && result !== 'running' && (
                      <span role="status" className={result.ok ? 'muted' : 'print-queue__reason'}>
                        {result.ok
                          ? result.code
                            ? t('devices.testScanned', { code: result.code })
                            : t('devices.testOk')
                          : t('devices.testFailed', { detail: result.detail })}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
