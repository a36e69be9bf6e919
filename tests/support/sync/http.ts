// Talking to a real sync server over HTTP the way an attacker with a credential (or none) would: raw
// JSON requests, a site, an enrolled station's credential and a hand-made op. For tests/security and
// tests/sync, on top of the server of ./server.ts.
import { newId } from '../../../src/shared/ids';
import { SYNC_PROTOCOL_VERSION, SYNC_SCHEMA_VERSION, type SyncOp } from '../../../src/shared/sync';
import { adminCall } from './server';

export interface RawAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** POSTs JSON to `route`, with a bearer credential when given; never throws on a refusal. */
export async function post(
  base: string,
  route: string,
  credential: string | null,
  body: unknown,
): Promise<RawAnswer> {
  const response = await fetch(`${base}${route}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(credential ? { authorization: `Bearer ${credential}` } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A new site on the server; its id. */
export async function addSite(base: string, adminToken: string, name: string): Promise<string> {
  return (await adminCall(base, adminToken, '/admin/sites', { name, timezone: 'Europe/London' }))
    .id as string;
}

/** A one-time enrollment code for a site and role. */
export async function enrollmentCode(
  base: string,
  adminToken: string,
  siteId: string,
  role: 'kiosk' | 'desk' | 'gate',
): Promise<string> {
  return (await adminCall(base, adminToken, '/admin/enrollment-codes', { siteId, role })).code as string;
}

/** Enrolls a station by hand (no station core): its id and credential. */
export async function enrollRaw(
  base: string,
  adminToken: string,
  siteId: string,
  role: 'kiosk' | 'desk' | 'gate',
  extra: Record<string, unknown> = {},
): Promise<{ stationId: string; credential: string }> {
  const code = await enrollmentCode(base, adminToken, siteId, role);
  const answer = await post(base, '/enroll/claim', null, { code, ...extra });
  if (answer.status !== 200) throw new Error(`claim: ${answer.status} ${JSON.stringify(answer.body)}`);
  return { stationId: answer.body.stationId as string, credential: answer.body.credential as string };
}

/** An op as a station would push it; every field can be overridden. */
export const rawOp = (stationId: string, stationSeq: number, extra: Partial<SyncOp> = {}): SyncOp => ({
  opId: newId(),
  stationId,
  stationSeq,
  type: 'visit.update',
  entityId: newId(),
  siteId: null,
  payload: {},
  occurredAt: new Date().toISOString(),
  schemaVersion: SYNC_SCHEMA_VERSION,
  ...extra,
});

/** Pushes ops with a credential over HTTP. */
export const pushRaw = (
  base: string,
  credential: string,
  ops: SyncOp[],
  extra: Record<string, unknown> = {},
) =>
  post(base, '/sync/push', credential, {
    protocolVersion: SYNC_PROTOCOL_VERSION,
    sentAt: new Date().toISOString(),
    ops,
    ...extra,
  });
