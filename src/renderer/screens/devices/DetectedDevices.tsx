// What is plugged in now (serial ports, HID devices, CUPS queues), listed on request and kept current
// while shown: the station says when something is plugged in or out (devices.changed without a device).
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceKind, UsbMatch } from '../../../shared/devices';
import type { EventPayload } from '../../../shared/events';
import { useLive } from '../../api/hooks';
import { useStation } from '../../api/StationProvider';
import { ErrorAlert } from '../../components/ErrorText';

export interface DetectedChoice {
  kind: DeviceKind;
  target: string;
  usb?: UsbMatch | null;
}

export function DetectedDevices({ onUse }: { onUse: (choice: DetectedChoice) => void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const [listing, setListing] = useState(false);
  const load = useCallback(() => client.devices.detect(), [client]);
  const {
    data: detected,
    error,
    reload,
  } = useLive(load, ['devices.changed'], {
    enabled: listing,
    when: (e) => (e.payload as EventPayload<'devices.changed'>).deviceId === null,
  });

  return (
    <>
      <div className="devices-actions">
        <button
          type="button"
          className="button button--secondary"
          onClick={() => (listing ? reload() : setListing(true))}
        >
          {t('devices.detect')}
        </button>
      </div>
      <ErrorAlert error={error} onRetry={reload} />
      {detected && (
        <div>
          <h3>{t('devices.detected')}</h3>
          <ul aria-label={t('devices.detected')}>
            {detected.serialPorts.map((p) => (
              <DetectedItem
                key={p.path}
                label={`${p.path} ${p.vendorId ? `(${p.vendorId}:${p.productId})` : ''}`}
                kind={p.suggested}
                isNew={p.isNew}
                onUse={() => onUse({ kind: p.suggested, target: p.path, usb: usbMatch(p) })}
              />
            ))}
            {detected.hidDevices.map((h) => (
              <DetectedItem
                key={h.path}
                label={`${h.product ?? h.path} (${h.vendorId}:${h.productId})`}
                kind={h.suggested}
                isNew={h.isNew}
                onUse={() => onUse({ kind: h.suggested, target: h.path, usb: usbMatch(h) })}
              />
            ))}
            {detected.cupsQueues.map((q) => (
              <DetectedItem
                key={q.name}
                label={q.name}
                kind="cups"
                isNew={false}
                onUse={() => onUse({ kind: 'cups', target: q.name })}
              />
            ))}
          </ul>
          {detected.serialPorts.length + detected.hidDevices.length + detected.cupsQueues.length === 0 && (
            <p className="empty">{t('devices.nothingDetected')}</p>
          )}
          {detected.problems.length > 0 && (
            <p className="muted">{t('devices.detectProblems', { number: detected.problems.length })}</p>
          )}
        </div>
      )}
    </>
  );
}

function DetectedItem({
  label,
  kind,
  isNew,
  onUse,
}: {
  label: string;
  kind: DeviceKind;
  isNew: boolean;
  onUse: () => void;
}) {
  const { t } = useTranslation();
  return (
    <li data-new={isNew || undefined}>
      {isNew && <strong className="devices-new">{t('devices.newlyPlugged')} </strong>}
      {label} — {t(`devices.kinds.${kind}`)}{' '}
      <button type="button" className="button button--quiet" onClick={onUse}>
        {t('devices.use')}
      </button>
    </li>
  );
}

/** How a detected device is found again after a replug: its USB ids, and serial number if it has one. */
function usbMatch(device: {
  vendorId: string | null;
  productId: string | null;
  serialNumber: string | null;
}): UsbMatch | null {
  return device.vendorId && device.productId
    ? { vendorId: device.vendorId, productId: device.productId, serialNumber: device.serialNumber }
    : null;
}
