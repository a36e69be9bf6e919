// The console page's client of the sync server's /console/api (src/server/console/routes.ts): same-origin
// fetch with the session cookie; every answer that is not 2xx becomes a ConsoleApiError with the server's
// code and message (and, for a locked sign-in, until when).
import type { StaffAccount } from '../shared/api/admin';
import type { FleetReport, ReportFileName } from '../shared/console-report';

export interface Admin {
  id: string;
  login: string;
  name: string;
}
export interface Session {
  admin: Admin;
  idleExpiresAt: string;
  expiresAt: string;
}
export interface Alert {
  code: string;
  /** The server's English sentence: shown only when this page has no words for the code. */
  message: string;
  /** The sentence's figures, for alertDetail.<code> in the page's language. */
  params?: Record<string, string | number>;
  deviceId?: string;
}
export interface SiteRow {
  id: string;
  name: string;
  timezone: string;
  defaultLanguage: string;
  stations: number;
  online: number;
  alerts: number;
}
export interface Device {
  id: string;
  type: string;
  name: string;
  connected: boolean | null;
  lastError: string | null;
  problem?: string | null;
}
export interface StationRow {
  id: string;
  name: string;
  role: string;
  state: 'online' | 'offline' | 'revoked';
  revokedAt: string | null;
  lastSeenAt: string | null;
  version: string | null;
  lastSyncAt: string | null;
  outboxDepth: number | null;
  held: number | null;
  uptimeSeconds: number | null;
  watchlistSyncedAt: string | null;
  devices: Device[];
  errors: { at: string; message: string }[];
  alerts: Alert[];
}
export interface FleetAlertRow extends Alert {
  siteId: string;
  siteName: string;
  stationId: string;
  stationName: string;
}
export interface AdminRow extends Admin {
  createdAt: string;
  disabledAt: string | null;
}
export interface EnrollmentCode {
  id: string;
  code: string;
  siteId: string;
  role: string;
  expiresAt: string;
}
/** A code neither used nor expired: its handle, never the code. */
export interface OpenEnrollmentCode {
  id: string;
  role: string;
  createdAt: string;
  expiresAt: string;
}
/** A new site: its template's id, or empty for the default visitor types. */
export interface NewSiteInput {
  name: string;
  timezone: string;
  defaultLanguage: string;
  templateSiteId: string;
}
export interface CreatedSite {
  id: string;
  name: string;
  /** The one-time code for the site's first admin, at a desk of the site. */
  setupCode: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  action: string;
  details: Record<string, unknown>;
}
export interface AuditFilter {
  siteId?: string;
  stationId?: string;
  action?: string;
  before?: number;
}
export interface AuditPage {
  entries: AuditEntry[];
  next: number | null;
  actions: string[];
}

/** The site settings the console edits (the station's have more; those stay as they are). */
export interface SiteSettings {
  capacity: number | null;
  kioskIdleSeconds: number;
  autoCheckOutTime: string | null;
  retentionDays: number;
  watchlistThreshold: number;
  staffIdleMinutes: number;
  pinLength: { min: number; max: number };
  [other: string]: unknown;
}
export type StaffRow = StaffAccount;
export interface NewStaff {
  name: string;
  login: string;
  email: string | null;
  role: string;
  secret: { kind: 'pin' | 'password'; value: string };
}

export interface HostImportPlan {
  applied: boolean;
  added: { name: string; email: string | null }[];
  changed: { id: string; name: string; fields: string[] }[];
  deactivated: { id: string; name: string }[];
  problems: { line: number; field: string; code: string; message: string }[];
}

export type { FleetReport, ReportFileName } from '../shared/console-report';

export class ConsoleApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly lockedUntil?: string,
  ) {
    super(message);
  }
}

async function call<T>(method: string, route: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/console/api${route}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ConsoleApiError(0, 'network', 'The server could not be reached.');
  }
  const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok)
    throw new ConsoleApiError(
      response.status,
      String(data.code ?? 'internal'),
      String(data.message ?? response.statusText),
      typeof data.lockedUntil === 'string' ? data.lockedUntil : undefined,
    );
  return data as T;
}

export const api = {
  session: () => call<{ session: Session }>('GET', '/session'),
  signIn: (login: string, password: string) =>
    call<{ session: Session }>('POST', '/session', { login, password }),
  signOut: () => call<{ ok: true }>('DELETE', '/session'),
  sites: () => call<{ sites: SiteRow[] }>('GET', '/sites'),
  stations: (siteId: string) =>
    call<{ site: { id: string; name: string }; stations: StationRow[] }>(
      'GET',
      `/sites/${encodeURIComponent(siteId)}/stations`,
    ),
  alerts: () => call<{ alerts: FleetAlertRow[] }>('GET', '/alerts'),
  revoke: (stationId: string) =>
    call<{ ok: true }>('POST', `/stations/${encodeURIComponent(stationId)}/revoke`, {}),
  createSite: (input: Omit<NewSiteInput, 'templateSiteId'> & { templateSiteId: string | null }) =>
    call<{ site: CreatedSite }>('POST', '/sites', input),
  enrollmentCode: (siteId: string, role: string, ttlHours: number) =>
    call<EnrollmentCode>('POST', `/sites/${encodeURIComponent(siteId)}/enrollment-codes`, { role, ttlHours }),
  openEnrollmentCodes: (siteId: string) =>
    call<{ codes: OpenEnrollmentCode[] }>('GET', `/sites/${encodeURIComponent(siteId)}/enrollment-codes`),
  expireEnrollmentCode: (siteId: string, codeId: string) =>
    call<{ ok: true }>(
      'POST',
      `/sites/${encodeURIComponent(siteId)}/enrollment-codes/${encodeURIComponent(codeId)}/expire`,
      {},
    ),
  settings: (siteId: string) =>
    call<{ settings: SiteSettings }>('GET', `/sites/${encodeURIComponent(siteId)}/settings`),
  updateSettings: (siteId: string, patch: Partial<SiteSettings>) =>
    call<{ settings: SiteSettings }>('POST', `/sites/${encodeURIComponent(siteId)}/settings`, patch),
  staff: (siteId: string) => call<{ staff: StaffRow[] }>('GET', `/sites/${encodeURIComponent(siteId)}/staff`),
  addStaff: (siteId: string, input: NewStaff) =>
    call<{ staff: StaffRow }>('POST', `/sites/${encodeURIComponent(siteId)}/staff`, input),
  updateStaff: (siteId: string, staffId: string, patch: { role?: string; active?: boolean }) =>
    call<{ staff: StaffRow }>(
      'POST',
      `/sites/${encodeURIComponent(siteId)}/staff/${encodeURIComponent(staffId)}`,
      patch,
    ),
  resetSecret: (siteId: string, staffId: string, secret: NewStaff['secret']) =>
    call<{ staff: StaffRow }>(
      'POST',
      `/sites/${encodeURIComponent(siteId)}/staff/${encodeURIComponent(staffId)}/secret`,
      { secret },
    ),
  importHosts: (siteId: string, csv: string, dryRun: boolean) =>
    call<HostImportPlan>('POST', `/sites/${encodeURIComponent(siteId)}/hosts/import`, { csv, dryRun }),
  report: (from: string, to: string) =>
    call<FleetReport>('GET', `/reports?${new URLSearchParams({ from, to }).toString()}`),
  /** One of the report's files, for a download link; the PDF in the page's language. */
  reportFileUrl: (file: ReportFileName, from: string, to: string, language: string) =>
    `/console/api/reports/${file}?${new URLSearchParams({ from, to, language }).toString()}`,
  admins: () => call<{ admins: AdminRow[] }>('GET', '/admins'),
  audit: (filter: AuditFilter) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) if (value) query.set(key, String(value));
    return call<AuditPage>('GET', `/audit?${query.toString()}`);
  },
  addAdmin: (input: { login: string; name: string; password: string }) =>
    call<{ admin: Admin }>('POST', '/admins', input),
  disableAdmin: (id: string) => call<{ ok: true }>('POST', `/admins/${encodeURIComponent(id)}/disable`, {}),
};
