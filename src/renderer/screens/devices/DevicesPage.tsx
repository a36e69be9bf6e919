// The devices page of the desk and gate: see every device's health, detect what is plugged in, add,
// remove and test devices (administrators), and save the configuration the station opens.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { DetectedDevices, DeviceTestResult } from '../../../shared/api/devices';
import type { DevicesConfig, DevicesConfigInput, UsbMatch } from '../../../shared/devices';
import type { ApiError } from '../../../shared/errors';
import { toApiError } from '../../api/errors';
import { useStation } from '../../api/StationProvider';
import { ErrorAlert } from '../../components/ErrorText';
import { StaffBar, StaffOnly } from '../../components/StaffOnly';
import { deviceStateLabel, useDeviceStatus } from './DeviceStatusBar';
import './devices.css';

export function DevicesPage({ backTo }: { backTo: string }) {
  const { t } = useTranslation();
  return (
    <StaffOnly title={t('devices.title')}>
      <div className="staff">
        <StaffBar title={t('devices.title')} />
        <main className="screen staff-main devices-page">
          <div className="staff-main__heading">
            <h1>{t('devices.title')}</h1>
            <Link className="button button--quiet" to={backTo}>
              {t('devices.back')}
            </Link>
          </div>
          <DeviceHealthTable />
          <DeviceSetup />
        </main>
      </div>
    </StaffOnly>
  );
}

function DeviceHealthTable() {
  const { t, i18n } = useTranslation();
  const { client, mayCall } = useStation();
  const { devices } = useDeviceStatus();
  const [results, setResults] = useState<Record<string, DeviceTestResult | 'running'>>({});
  const [error, setError] = useState<ApiError | null>(null);

  const test = async (deviceId: string) => {
    setError(null);
    setResults((r) => ({ ...r, [deviceId]: 'running' }));
    try {
      const result = await client.devices.test({ deviceId });
      setResults((r) => ({ ...r, [deviceId]: result }));
    } catch (reason) {
      setResults((r) => ({ ...r, [deviceId]: undefined as never }));
      setError(toApiError(reason));
    }
  };

  return (
    <section aria-labelledby="device-health-title">
      <h2 id="device-health-title">{t('devices.statusTitle')}</h2>
      <ErrorAlert error={error} />
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
                  <td>
                    {device.lastSeen
                      ? new Date(device.lastSeen).toLocaleTimeString(i18n.resolvedLanguage)
                      : '—'}
                  </td>
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

type DeviceChoice =
  'serial' | 'hid-pos' | 'lcus' | 'usbrelay' | 'cups' | 'zpl' | 'zpl-serial' | 'brother-ql' | 'electron';
const CHOICES: DeviceChoice[] = [
  'serial',
  'hid-pos',
  'lcus',
  'usbrelay',
  'cups',
  'zpl',
  'zpl-serial',
  'brother-ql',
  'electron',
];

interface Draft {
  kind: DeviceChoice;
  name: string;
  /** path, CUPS queue or host, by kind */
  target: string;
  port: string;
  baudRate: string;
  framing: string;
  channel: string;
  pulseMs: string;
  media: string;
  /** USB ids of the detected device this draft came from; used when findByUsb is on. */
  usb: UsbMatch | null;
  findByUsb: boolean;
}

const EMPTY_DRAFT: Draft = {
  kind: 'serial',
  name: '',
  target: '',
  port: '9100',
  baudRate: '9600',
  framing: 'cr',
  channel: '1',
  pulseMs: '300',
  media: '',
  usb: null,
  findByUsb: true,
};

function DeviceSetup() {
  const { t } = useTranslation();
  const { client, mayCall } = useStation();
  const [config, setConfig] = useState<DevicesConfig | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [detected, setDetected] = useState<DetectedDevices | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const admin = mayCall('devices.configure');

  useEffect(() => {
    if (admin) client.devices.config().then(setConfig, (reason: unknown) => setError(toApiError(reason)));
  }, [client, admin]);

  // Once the list of plugged-in devices is shown, keep it current: the station says when something
  // was plugged in or out (devices.changed without a device id).
  const listing = detected !== null;
  useEffect(() => {
    if (!listing) return;
    return client.onEvent('devices.changed', ({ deviceId }) => {
      if (deviceId === null) client.devices.detect().then(setDetected, () => undefined);
    });
  }, [client, listing]);

  if (!admin) return <p className="muted">{t('devices.adminOnly')}</p>;

  const save = async (next: DevicesConfigInput) => {
    setError(null);
    setSaved(false);
    try {
      setConfig(await client.devices.configure(next));
      setSaved(true);
    } catch (reason) {
      setError(toApiError(reason));
    }
  };

  const detect = async () => {
    setError(null);
    try {
      setDetected(await client.devices.detect());
    } catch (reason) {
      setError(toApiError(reason));
    }
  };

  const add = (e: FormEvent) => {
    e.preventDefault();
    if (!config) return;
    void save(withDevice(config, draft));
    setDraft(EMPTY_DRAFT);
  };

  const remove = (id: string) =>
    config &&
    void save({
      ...config,
      scanners: config.scanners.filter((d) => d.id !== id),
      relays: config.relays.filter((d) => d.id !== id),
      printers: config.printers.filter((d) => d.id !== id),
      defaultPrinterId: config.defaultPrinterId === id ? null : config.defaultPrinterId,
    });

  const all = config ? [...config.scanners, ...config.relays, ...config.printers] : [];
  const set = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));
  const isPrinter = ['cups', 'zpl', 'zpl-serial', 'brother-ql', 'electron'].includes(draft.kind);
  const isRelay = draft.kind === 'lcus' || draft.kind === 'usbrelay';
  const network = draft.kind === 'zpl' || draft.kind === 'brother-ql';
  const targetLabel =
    draft.kind === 'cups'
      ? t('devices.fields.queue')
      : draft.kind === 'electron'
        ? t('devices.fields.systemPrinter')
        : network
          ? t('devices.fields.host')
          : t('devices.fields.path');

  return (
    <section aria-labelledby="device-setup-title">
      <h2 id="device-setup-title">{t('devices.setupTitle')}</h2>
      <ErrorAlert error={error} />
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
                onClick={() => remove(device.id)}
              >
                {t('devices.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}

      <div className="devices-actions">
        <button type="button" className="button button--secondary" onClick={() => void detect()}>
          {t('devices.detect')}
        </button>
      </div>
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
                onUse={() => set({ kind: p.suggested, target: p.path, usb: usbMatch(p) })}
              />
            ))}
            {detected.hidDevices.map((h) => (
              <DetectedItem
                key={h.path}
                label={`${h.product ?? h.path} (${h.vendorId}:${h.productId})`}
                kind={h.suggested}
                isNew={h.isNew}
                onUse={() => set({ kind: h.suggested, target: h.path, usb: usbMatch(h) })}
              />
            ))}
            {detected.cupsQueues.map((q) => (
              <DetectedItem
                key={q.name}
                label={q.name}
                kind="cups"
                isNew={false}
                onUse={() => set({ kind: 'cups', target: q.name })}
              />
            ))}
          </ul>
          {detected.serialPorts.length + detected.hidDevices.length + detected.cupsQueues.length === 0 && (
            <p className="empty">{t('devices.nothingDetected')}</p>
          )}
          {detected.problems.length > 0 && (
            <p className="muted">{t('devices.detectProblems', { count: detected.problems.length })}</p>
          )}
        </div>
      )}

      <form className="devices-form" onSubmit={add} aria-label={t('devices.addTitle')}>
        <label className="field">
          <span className="field__label">{t('devices.fields.kind')}</span>
          <select
            className="field__input"
            value={draft.kind}
            onChange={(e) => set({ kind: e.target.value as DeviceChoice })}
          >
            {CHOICES.map((kind) => (
              <option key={kind} value={kind}>
                {t(`devices.kinds.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        <TextField label={t('devices.fields.name')} value={draft.name} onChange={(name) => set({ name })} />
        <TextField label={targetLabel} value={draft.target} onChange={(target) => set({ target })} />
        {network && (
          <TextField label={t('devices.fields.port')} value={draft.port} onChange={(port) => set({ port })} />
        )}
        {draft.kind === 'cups' && (
          <TextField
            label={t('devices.fields.media')}
            value={draft.media}
            onChange={(media) => set({ media })}
          />
        )}
        {(draft.kind === 'serial' || draft.kind === 'zpl-serial') && (
          <TextField
            label={t('devices.fields.baudRate')}
            value={draft.baudRate}
            onChange={(baudRate) => set({ baudRate })}
          />
        )}
        {draft.kind === 'serial' && (
          <>
            <label className="field">
              <span className="field__label">{t('devices.fields.framing')}</span>
              <select
                className="field__input"
                value={draft.framing}
                onChange={(e) => set({ framing: e.target.value })}
              >
                {['cr', 'lf', 'crlf', 'stx-etx', 'timeout'].map((f) => (
                  <option key={f} value={f}>
                    {t(`devices.framing.${f}`)}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        {draft.usb && !isPrinter && (
          <label className="devices-check">
            <input
              type="checkbox"
              checked={draft.findByUsb}
              onChange={(e) => set({ findByUsb: e.target.checked })}
            />
            <span>
              {t('devices.fields.findByUsb', { id: `${draft.usb.vendorId}:${draft.usb.productId}` })}
            </span>
          </label>
        )}
        {isRelay && (
          <>
            <TextField
              label={t('devices.fields.channel')}
              value={draft.channel}
              onChange={(channel) => set({ channel })}
            />
            <TextField
              label={t('devices.fields.pulseMs')}
              value={draft.pulseMs}
              onChange={(pulseMs) => set({ pulseMs })}
            />
          </>
        )}
        <button type="submit" className="button button--primary" disabled={!config}>
          {isPrinter ? t('devices.addPrinter') : t('devices.add')}
        </button>
      </form>
    </section>
  );
}

function DetectedItem({
  label,
  kind,
  isNew,
  onUse,
}: {
  label: string;
  kind: DeviceChoice;
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

function TextField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <input className="field__input" value={value} onChange={(e) => onChange(e.target.value)} />
    </label>
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

/** The configuration with the drafted device added (the station validates it and says what is wrong). */
function withDevice(config: DevicesConfig, draft: Draft): DevicesConfigInput {
  const taken = new Set([...config.scanners, ...config.relays, ...config.printers].map((d) => d.id));
  let n = 1;
  while (taken.has(`${draft.kind}-${n}`)) n++;
  const id = `${draft.kind}-${n}`;
  const name = draft.name.trim() || id;
  const num = (value: string) => Number(value);
  const usb = draft.findByUsb ? draft.usb : null;
  switch (draft.kind) {
    case 'serial':
      return {
        ...config,
        scanners: [
          ...config.scanners,
          {
            kind: 'serial',
            id,
            name,
            path: draft.target,
            baudRate: num(draft.baudRate),
            framing: draft.framing as 'cr',
            usb,
          },
        ],
      };
    case 'hid-pos':
      return {
        ...config,
        scanners: [...config.scanners, { kind: 'hid-pos', id, name, path: draft.target, usb }],
      };
    case 'lcus':
    case 'usbrelay':
      return {
        ...config,
        relays: [
          ...config.relays,
          {
            kind: draft.kind,
            id,
            name,
            path: draft.target,
            channels: Math.max(1, num(draft.channel)),
            channel: num(draft.channel),
            pulseMs: num(draft.pulseMs),
            usb,
          },
        ],
      };
    case 'cups':
      return {
        ...config,
        printers: [...config.printers, { kind: 'cups', id, name, queue: draft.target, media: draft.media }],
      };
    case 'electron':
      return {
        ...config,
        printers: [...config.printers, { kind: 'electron', id, name, deviceName: draft.target }],
      };
    case 'zpl-serial':
      return {
        ...config,
        printers: [
          ...config.printers,
          { kind: 'zpl-serial', id, name, path: draft.target, baudRate: num(draft.baudRate) },
        ],
      };
    case 'zpl':
    case 'brother-ql':
      return {
        ...config,
        printers: [
          ...config.printers,
          { kind: draft.kind, id, name, host: draft.target, port: num(draft.port) },
        ],
      };
  }
}
