// The form that drafts one device to add: its type, name, where it is plugged in and the settings of
// its type. The station checks the entry (devices.add) and says what is wrong with each field.
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceKind, NewDeviceInput, UsbMatch } from '../../../shared/devices';

const KINDS: DeviceKind[] = [
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
const FRAMINGS = ['cr', 'lf', 'crlf', 'stx-etx', 'timeout'] as const;

export interface DeviceDraft {
  kind: DeviceKind;
  name: string;
  /** path, CUPS queue, system printer or host, by kind */
  target: string;
  port: string;
  baudRate: string;
  framing: (typeof FRAMINGS)[number];
  channel: string;
  pulseMs: string;
  media: string;
  /** USB ids of the detected device this draft came from; used when findByUsb is on. */
  usb: UsbMatch | null;
  findByUsb: boolean;
}

export const EMPTY_DRAFT: DeviceDraft = {
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

const isPrinter = (kind: DeviceKind) =>
  ['cups', 'zpl', 'zpl-serial', 'brother-ql', 'electron'].includes(kind);
const isNetwork = (kind: DeviceKind) => kind === 'zpl' || kind === 'brother-ql';

/** The translated label of each field devices.add may refuse, for the error box. */
export function useDeviceFieldLabels(kind: DeviceKind): Record<string, string> {
  const { t } = useTranslation();
  const target = targetLabelKey(kind);
  return {
    kind: t('devices.fields.kind'),
    name: t('devices.fields.name'),
    path: t(target),
    queue: t(target),
    deviceName: t(target),
    host: t(target),
    port: t('devices.fields.port'),
    media: t('devices.fields.media'),
    baudRate: t('devices.fields.baudRate'),
    framing: t('devices.fields.framing'),
    channel: t('devices.fields.channel'),
    pulseMs: t('devices.fields.pulseMs'),
  };
}

function targetLabelKey(kind: DeviceKind): string {
  if (kind === 'cups') return 'devices.fields.queue';
  if (kind === 'electron') return 'devices.fields.systemPrinter';
  return isNetwork(kind) ? 'devices.fields.host' : 'devices.fields.path';
}

export function AddDeviceForm({
  draft,
  onChange,
  onAdd,
  busy,
}: {
  draft: DeviceDraft;
  onChange: (change: Partial<DeviceDraft>) => void;
  onAdd: (device: NewDeviceInput) => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onAdd(toNewDevice(draft));
  };
  const relay = draft.kind === 'lcus' || draft.kind === 'usbrelay';
  return (
    <form className="devices-form" onSubmit={submit} aria-label={t('devices.addTitle')}>
      <label className="field">
        <span className="field__label">{t('devices.fields.kind')}</span>
        <select
          className="field__input"
          value={draft.kind}
          onChange={(e) => onChange({ kind: e.target.value as DeviceKind })}
        >
          {KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`devices.kinds.${kind}`)}
            </option>
          ))}
        </select>
      </label>
      <TextField
        label={t('devices.fields.name')}
        value={draft.name}
        onChange={(name) => onChange({ name })}
      />
      <TextField
        label={t(targetLabelKey(draft.kind))}
        value={draft.target}
        onChange={(target) => onChange({ target })}
      />
      {isNetwork(draft.kind) && (
        <TextField
          label={t('devices.fields.port')}
          value={draft.port}
          onChange={(port) => onChange({ port })}
        />
      )}
      {draft.kind === 'cups' && (
        <TextField
          label={t('devices.fields.media')}
          value={draft.media}
          onChange={(media) => onChange({ media })}
        />
      )}
      {(draft.kind === 'serial' || draft.kind === 'zpl-serial') && (
        <TextField
          label={t('devices.fields.baudRate')}
          value={draft.baudRate}
          onChange={(baudRate) => onChange({ baudRate })}
        />
      )}
      {draft.kind === 'serial' && (
        <label className="field">
          <span className="field__label">{t('devices.fields.framing')}</span>
          <select
            className="field__input"
            value={draft.framing}
            onChange={(e) => onChange({ framing: e.target.value as DeviceDraft['framing'] })}
          >
            {FRAMINGS.map((f) => (
              <option key={f} value={f}>
                {t(`devices.framing.${f}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      {draft.usb && !isPrinter(draft.kind) && (
        <label className="devices-check">
          <input
            type="checkbox"
            checked={draft.findByUsb}
            onChange={(e) => onChange({ findByUsb: e.target.checked })}
          />
          <span>{t('devices.fields.findByUsb', { id: `${draft.usb.vendorId}:${draft.usb.productId}` })}</span>
        </label>
      )}
      {relay && (
        <>
          <TextField
            label={t('devices.fields.channel')}
            value={draft.channel}
            onChange={(channel) => onChange({ channel })}
          />
          <TextField
            label={t('devices.fields.pulseMs')}
            value={draft.pulseMs}
            onChange={(pulseMs) => onChange({ pulseMs })}
          />
        </>
      )}
      <button type="submit" className="button button--primary" disabled={busy}>
        {isPrinter(draft.kind) ? t('devices.addPrinter') : t('devices.add')}
      </button>
    </form>
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

/** The drafted device as devices.add takes it; the station names it and checks every field. */
export function toNewDevice(draft: DeviceDraft): NewDeviceInput {
  // Without a name the station names the device after its id.
  const name = draft.name.trim() || undefined;
  const num = (value: string) => Number(value);
  const usb = draft.findByUsb ? draft.usb : null;
  const path = draft.target;
  switch (draft.kind) {
    case 'serial':
      return { kind: 'serial', name, path, baudRate: num(draft.baudRate), framing: draft.framing, usb };
    case 'hid-pos':
      return { kind: 'hid-pos', name, path, usb };
    case 'lcus':
    case 'usbrelay':
      return {
        kind: draft.kind,
        name,
        path,
        channels: Math.max(1, num(draft.channel)),
        channel: num(draft.channel),
        pulseMs: num(draft.pulseMs),
        usb,
      };
    case 'cups':
      return { kind: 'cups', name, queue: draft.target, media: draft.media };
    case 'electron':
      return { kind: 'electron', name, deviceName: draft.target };
    case 'zpl-serial':
      return { kind: 'zpl-serial', name, path, baudRate: num(draft.baudRate) };
    case 'zpl':
    case 'brother-ql':
      return { kind: draft.kind, name, host: draft.target, port: num(draft.port) };
  }
}
