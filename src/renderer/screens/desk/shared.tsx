// Small pieces the desk panels share: a host picker, dates, visitor types, CSV input, table headers.
// (Loading and actions: useLive and useAction in src/renderer/api/hooks.ts, re-exported here.)
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/api';
import { useLive, useTypeAhead } from '../../api/hooks';
import { useStation } from '../../api/StationProvider';
import { ErrorAlert } from '../../components/ErrorText';
import { localName, useDates } from '../../format';
import { AdminTable } from './admin/parts';

export { useAction, useLive } from '../../api/hooks';

/** Date and time in the site's locale and time zone, in the screen's language ("08/12/2026, 09:30"). */
export function useFormatDateTime() {
  return useDates().dateTime;
}

/** The site's local date today, or `days` later, YYYY-MM-DD (for date:today in searches and examples). */
export function siteTodayIn(timeZone: string | undefined, days = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { ...(timeZone ? { timeZone } : {}) }).format(new Date());
  if (!days) return today;
  // Calendar arithmetic on the date itself: adding hours would land on the wrong day across a clock change.
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** "(optional)" after a form field's label, for a field the station does not require. */
export function Optional() {
  const { t } = useTranslation();
  return <span className="optional">{t('deskCommon.optional')}</span>;
}

type Host = OutputOf<'hosts.search'>['hosts'][number];
interface HostFieldProps {
  label: string;
  value: Host | null;
  onChange: (host: Host | null) => void;
}

/**
 * Picks a host by typing three letters of the name; the chosen host shows as pressed. With `mine`, a
 * signed-in host gets their own entry, fixed (the station refuses them anyone else's visitor).
 */
export function HostPicker({ label, value, onChange, mine = false }: HostFieldProps & { mine?: boolean }) {
  const { session } = useStation();
  if (mine && session?.user.role === 'host')
    return <OwnHost label={label} value={value} onChange={onChange} />;
  return <HostSearch label={label} value={value} onChange={onChange} />;
}

/** A signed-in host's own entry (session.current), shown read-only and chosen for them. */
function OwnHost({ label, value, onChange }: HostFieldProps) {
  const { t } = useTranslation();
  const { client } = useStation();
  const load = useCallback(() => client.session.current().then((r) => r.host), [client]);
  const { data: own, error, loading } = useLive(load, []);
  useEffect(() => {
    if (own && value?.id !== own.id) onChange(own);
  }, [own, value, onChange]);
  return (
    <label>
      {label}
      <input value={own?.name ?? ''} readOnly aria-readonly="true" />
      {!own && !loading && !error && <span className="desk-hint">{t('deskCommon.noOwnHost')}</span>}
      <ErrorAlert error={error} />
    </label>
  );
}

function HostSearch({ label, value, onChange }: HostFieldProps) {
  const { t } = useTranslation();
  const { client } = useStation();
  const [text, setText] = useState(value?.name ?? '');
  const search = useCallback(
    (query: string) => client.hosts.search({ query, limit: 6 }).then((r) => r.hosts),
    [client],
  );
  // Nothing to look up while the field shows the chosen host.
  const { hits: options, error } = useTypeAhead(text === value?.name ? '' : text, search);
  return (
    <label>
      {label}
      <input
        value={text}
        placeholder={t('deskCommon.hostPlaceholder')}
        onChange={(e) => {
          setText(e.target.value);
          if (value) onChange(null);
        }}
      />
      {options.length > 0 && (
        <span className="host-options" role="group" aria-label={t('deskCommon.hostMatches')}>
          {options.map((h) => (
            <button
              key={h.id}
              type="button"
              className="small-button"
              onClick={() => {
                onChange(h);
                setText(h.name);
              }}
            >
              {h.name}
            </button>
          ))}
        </span>
      )}
      <ErrorAlert error={error} />
    </label>
  );
}

/** The visitor types of the site, for a select. */
export function useVisitorTypes() {
  const { client } = useStation();
  const load = useCallback(() => client.visitorTypes.list().then((r) => r.types), [client]);
  // An admin's change to a type is announced as settings.changed.
  return useLive(load, ['settings.changed']).data ?? [];
}

/** Saves a file the station sent as base64 (a PDF to print, a CSV export) through the browser. */
export function downloadBase64(file: { filename: string; mimeType: string; base64: string }) {
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
  downloadBlob(file.filename, new Blob([bytes], { type: file.mimeType }));
}

/** Saves data the station answered with (a person's export) as a JSON file through the browser. */
export function downloadJson(filename: string, data: unknown) {
  downloadBlob(filename, new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
}

function downloadBlob(filename: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A select of the site's visitor types; with emptyLabel, a first choice of none (what that means here). */
export function TypeSelect({
  label,
  emptyLabel,
  value,
  onChange,
}: {
  label: string;
  emptyLabel?: string;
  value: string;
  onChange: (id: string) => void;
}) {
  const { i18n } = useTranslation();
  const types = useVisitorTypes();
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {types.map((type) => (
          <option key={type.id} value={type.id}>
            {localName(type.names, i18n.resolvedLanguage ?? 'en')}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A table's header row from translation keys. */
export function HeaderRow({ keys }: { keys: string[] }) {
  const { t } = useTranslation();
  return (
    <thead>
      <tr>
        {keys.map((key) => (
          <th scope="col" key={key}>
            {t(key)}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** A CSV pasted into a text box or read from a chosen file; every change clears the last check. */
export function CsvSource({
  label,
  fileLabel,
  value,
  onChange,
}: {
  label: string;
  fileLabel: string;
  value: string;
  onChange: (csv: string) => void;
}) {
  return (
    <>
      <label className="wide">
        {label}
        <textarea
          // Named explicitly: a wrapping label would include the typed text in the name.
          aria-label={label}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
      <label>
        {fileLabel}
        <input
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void file.text().then(onChange);
          }}
        />
      </label>
    </>
  );
}

/**
 * A desk list as a dense table (AdminTable): a sentence when there is nothing, else the caption (for
 * screen readers), the header from translation keys (with an unlabelled actions column when `actions`)
 * and one row per item. Nothing while `rows` is not loaded yet.
 */
export function DeskTable<T>({
  caption,
  columns,
  actions = false,
  rows,
  empty,
  children: row,
}: {
  caption: string;
  columns: string[];
  actions?: boolean;
  rows: T[] | undefined;
  /** What to say when there are no rows; without it, nothing. */
  empty?: string;
  children: (item: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (!rows) return null;
  if (rows.length === 0) return empty === undefined ? null : <p className="empty">{empty}</p>;
  return (
    <AdminTable caption={caption} columns={columns.map((key) => t(key))} actions={actions}>
      {rows.map(row)}
    </AdminTable>
  );
}
