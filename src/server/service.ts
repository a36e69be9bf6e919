// The sync server's operations, independent of HTTP: authenticate a station, push, pull, enroll, revoke,
// author central data. The Fastify routes (./app.ts) and the in-process simulation test both call these.
import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { z } from 'zod';
import { ApiError } from '../shared/errors';
import { newId } from '../shared/ids';
import { ENTITY_KINDS, kindOfOpType, ORGANISATION_OWNER, rowOf, type EntityKind } from '../shared/merge';
import {
  MAX_PULL_LIMIT,
  SERVER_AUTHOR_ID,
  SYNC_PROTOCOL_VERSION,
  SYNC_SCHEMA_VERSION,
  CHECKSUM_KINDS,
  SyncError,
  claimRequestSchema,
  firstAdminRequestSchema,
  entitiesRequestSchema,
  healthReportSchema,
  rowsChecksum,
  type ChecksumResponse,
  type EntitiesResponse,
  enrollmentRoleSchema,
  pullRequestSchema,
  pushRequestSchema,
  type ClaimResponse,
  type PullResponse,
  type PushResponse,
  type SiteInfo,
} from '../shared/sync';
import { centralOpSchema } from './central-op';
import { auditBreak, fleetView, type FleetStation } from './fleet';
import { claimedKeyProblem } from './station-keys';
import { starterOps } from './starter-site';
import { templateOps } from './site-template';
import { planHostImport, type HostImportPlan } from './hosts-import';
import type { AdminAuditEntry, HealthEntry, OpenEnrollmentCode, StationRecord, SyncStore } from './store';

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U to misread
/** Upper case, without spaces or dashes, so a code typed as "abcd efgh jkmn" still matches. */
export const normaliseCode = (code: string): string => code.toUpperCase().replace(/[^0-9A-Z]/g, '');

/** 12 random Crockford characters (60 bits) in groups of four: an enrollment or setup code. */
function oneTimeCode(): string {
  const raw = Array.from({ length: 12 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  return raw.match(/.{4}/g)?.join('-') ?? raw;
}

export const createSiteSchema = z.object({
  id: z.uuid().optional(),
  name: z.string().trim().min(1).max(120),
  timezone: z
    .string()
    .refine((tz) => Intl.supportedValuesOf('timeZone').includes(tz) || tz === 'UTC', 'an IANA time zone'),
  defaultLanguage: z.enum(['en', 'es', 'fr', 'de']).default('en'),
  /**
   * Start the site with the default visitor types and documents, a Reception host and a one-time setup
   * code for its first admin (./starter-site.ts). `add-site` and the console ask for it; the admin API
   * creates an empty site unless told.
   */
  starter: z.boolean().default(false),
});

export const enrollmentCodeRequestSchema = z.object({
  siteId: z.string().min(1),
  role: enrollmentRoleSchema,
  ttlHours: z
    .number()
    .positive()
    .max(24 * 30)
    .default(24),
});

function checkProtocol(version: number) {
  if (version > SYNC_PROTOCOL_VERSION) {
    throw new SyncError(
      'protocol_unsupported',
      `This server speaks sync protocol ${SYNC_PROTOCOL_VERSION}, not ${version}; keep the ops and update the server.`,
    );
  }
}

/** The body as `schema` reads it, or SyncError invalid_input naming the first problems. */
export function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) {
    const where = result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).slice(0, 5);
    throw new SyncError('invalid_input', `The request is not valid: ${where.join('; ')}.`);
  }
  return result.data;
}

export class SyncService {
  /**
   * 'applied' (siteIds: Set<string | null>, serverHeadSeq) after a push added ops; 'revoked' (stationId);
   * 'health' (stationId) after a station's report; 'presence' (stationId) when its nudge socket opens or
   * closes (./app.ts). The console's live view listens to all four.
   */
  readonly events = new EventEmitter();

  constructor(
    readonly store: SyncStore,
    private readonly now: () => Date = () => new Date(),
    /** The server's secret from which each site's ID-number key is derived (none: no key is handed out). */
    private readonly idNumberSecret?: Buffer,
  ) {}

  /**
   * The ID-number key every station enrolled here gets: HMAC-SHA256(server secret, "gatehouse id-number
   * key v1"). One for the organisation, not per site, because the watchlist is organisation-wide: an entry
   * made at one site's desk must screen at every site's kiosks.
   */
  idNumberKey(): string | undefined {
    if (!this.idNumberSecret) return undefined;
    return createHmac('sha256', this.idNumberSecret).update('gatehouse id-number key v1').digest('base64');
  }

  /** The station a bearer credential belongs to; refuses unknown and revoked credentials. */
  async authenticate(authorization: string | undefined): Promise<StationRecord> {
    const credential = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!credential)
      throw new SyncError(
        'unauthenticated',
        'Send the station credential as "Authorization: Bearer <credential>".',
      );
    const station = await this.store.stationByCredentialHash(sha256(credential));
    if (!station) throw new SyncError('unauthenticated', 'That station credential is not known here.');
    if (station.revokedAt)
      throw new SyncError('revoked', `This station was revoked at ${station.revokedAt}; enroll it again.`);
    return station;
  }

  async push(station: StationRecord, body: unknown): Promise<PushResponse> {
    const request = parse(pushRequestSchema, body);
    checkProtocol(request.protocolVersion);
    const now = this.now();
    // How far the station's clock was from the server's as the batch left it (off by the transit time):
    // the correction of ops sent before the station had an estimate of its own.
    const pushOffsetMs = now.getTime() - Date.parse(request.sentAt);
    const response = await this.store.push(station, request.ops, now, pushOffsetMs);
    await this.store.touchStation(station.id, now.toISOString());
    if (response.acks.length > 0)
      this.events.emit(
        'applied',
        new Set([station.siteId, ...(request.ops.some((o) => o.siteId === null) ? [null] : [])]),
        response.serverHeadSeq,
      );
    return response;
  }

  async pull(station: StationRecord, body: unknown): Promise<PullResponse> {
    const request = parse(pullRequestSchema, body);
    checkProtocol(request.protocolVersion);
    if (request.siteId !== undefined && request.siteId !== station.siteId) {
      throw new SyncError('forbidden', 'A station may pull only the site it is enrolled for.');
    }
    const page = await this.store.pull(station, request);
    // A station with more to pull gets its site's pass revocations beyond this page now: a revoked pass
    // must not open a gate while the gate drains its backlog (issue #14).
    const revocations = page.hasMore
      ? await this.store.revocationsAfter(station, page.nextCursor, MAX_PULL_LIMIT)
      : [];
    const idNumberKey = this.idNumberKey();
    return {
      ...page,
      ...(revocations.length > 0 ? { revocations } : {}),
      serverTime: this.now().toISOString(),
      ...(idNumberKey ? { idNumberKey } : {}),
    };
  }

  /** Keeps what a station says about itself (version, outbox, devices, errors) for the fleet view. */
  async reportHealth(station: StationRecord, body: unknown): Promise<{ ok: true }> {
    const request = parse(healthReportSchema, body);
    checkProtocol(request.protocolVersion);
    const now = this.now().toISOString();
    const broken = auditBreak(await this.store.healthHistory(station.id), request.health);
    // Kept until an administrator clears it: the next report continues the new chain and would hide it.
    if (broken) await this.store.setAuditProblem(station.id, { at: now, message: broken });
    await this.store.recordHealth(station.id, request.health, now);
    await this.store.touchStation(station.id, now);
    this.events.emit('health', station.id);
    return { ok: true };
  }

  /** An administrator has looked into a station's audit chain break: the alert goes. */
  async clearAuditProblem(stationId: string): Promise<void> {
    if (!(await this.store.setAuditProblem(stationId, null)))
      throw new SyncError('not_found', `There is no station ${stationId}.`);
  }

  /** Every station with online state, newest health and alerts; `connected`: stations with a nudge socket open. */
  async fleet(connected: ReadonlySet<string> = new Set()): Promise<FleetStation[]> {
    return fleetView(await this.store.stationsOverview(), this.now(), connected);
  }

  /**
   * Releases an op quarantined as far_future (its station's clock changed between recording and sending
   * it): applied now at the next server sequence, fanned out like any op, and recorded in the admin audit
   * with the reason given. Everything but its time is judged again.
   */
  async releaseQuarantined(
    stationId: string,
    stationSeq: number,
    body: unknown,
  ): Promise<{ serverSeq: number }> {
    const { reason } = parse(z.object({ reason: z.string().trim().min(3).max(500) }), body);
    const result = await this.store.releaseQuarantined(stationId, stationSeq, reason, this.now());
    if (!result.ok) {
      if (result.problem === 'refused') throw new SyncError('forbidden', result.message);
      throw new SyncError(
        'not_found',
        `Station ${stationId} has no quarantined op ${stationSeq} (only far_future ops can be released).`,
      );
    }
    this.events.emit('applied', new Set([result.siteId]), result.serverSeq);
    return { serverSeq: result.serverSeq };
  }

  async stationHealth(stationId: string): Promise<HealthEntry[]> {
    if (!(await this.store.station(stationId)))
      throw new SyncError('not_found', `There is no station ${stationId}.`);
    return this.store.healthHistory(stationId);
  }

  /** Per-kind checksums of what a station of this site should hold, to detect drift the log missed. */
  async checksum(station: StationRecord, body: unknown): Promise<ChecksumResponse> {
    checkProtocol(parse(pullRequestSchema.pick({ protocolVersion: true }), body).protocolVersion);
    const serverHeadSeq = await this.store.headSeq();
    const rows = new Map<EntityKind, Record<string, unknown>[]>(CHECKSUM_KINDS.map((k) => [k, []]));
    for (const state of await this.store.entitiesInScope(station.siteId)) {
      const row = rowOf(state);
      if (row) rows.get(state.kind)?.push(row);
    }
    return {
      kinds: Object.fromEntries([...rows].map(([kind, list]) => [kind, rowsChecksum(list)])),
      serverHeadSeq,
    };
  }

  /** The merged states of one kind in the station's scope: what a station repairing drift starts again from. */
  async entities(station: StationRecord, body: unknown): Promise<EntitiesResponse> {
    const request = parse(entitiesRequestSchema, body);
    checkProtocol(request.protocolVersion);
    if (!(ENTITY_KINDS as readonly string[]).includes(request.kind))
      throw new SyncError('invalid_input', `There is no entity kind ${request.kind}.`);
    const serverHeadSeq = await this.store.headSeq();
    const states = (await this.store.entitiesInScope(station.siteId)).filter((s) => s.kind === request.kind);
    return { states, serverHeadSeq };
  }

  /** Makes a site's host directory equal to a CSV file; with dryRun, only says what would change. */
  /**
   * Makes a site's host directory equal to a CSV file (or, with dryRun, says what that would change and
   * what is wrong with which line). A file with any problem changes nothing; an applied one is authored in
   * one transaction with its audit entry (`action`, `by`: who imported it).
   */
  async importHosts(
    siteId: string,
    body: unknown,
    by = 'admin token',
    action = 'hosts.import',
  ): Promise<Omit<HostImportPlan, 'ops'> & { applied: boolean }> {
    const input = parse(
      z.object({ csv: z.string().max(8 * 1024 * 1024), dryRun: z.boolean().default(false) }),
      body,
    );
    const at = this.now().toISOString();
    const { ops, ...plan } = await planHostImport(this.store, siteId, input.csv, at);
    if (input.dryRun) return { ...plan, applied: false };
    if (plan.problems.length > 0) {
      const lines = plan.problems.slice(0, 10).map((p) => `line ${p.line}: ${p.message}`);
      throw new SyncError('invalid_input', `The CSV has problems; nothing was changed. ${lines.join('; ')}.`);
    }
    if (ops.length === 0) return { ...plan, applied: false };
    const { added, changed, deactivated } = plan;
    await this.authorAs(ops, [
      {
        at,
        action,
        details: {
          siteId,
          added: added.length,
          changed: changed.length,
          deactivated: deactivated.length,
          by,
        },
      },
    ]);
    return { ...plan, applied: true };
  }

  /**
   * A new site; with `starter`, its default types, documents and host, and its setup code (shown once).
   * With a `templateSiteId` (the console), a starter site whose types, documents and settings are the
   * template's instead (./site-template.ts), audited as `action` with who made it (`by`) and the template,
   * in the transaction of the copied ops.
   */
  async createSite(
    body: unknown,
    from: { templateSiteId?: string; by?: string; action?: string } = {},
  ): Promise<SiteInfo & { setupCode?: string }> {
    const { starter, ...input } = parse(createSiteSchema, body);
    const at = this.now().toISOString();
    const id = input.id ?? newId();
    // Read before anything is written: an unknown template creates nothing.
    const { templateSiteId, by, action = 'site.create' } = from;
    if (templateSiteId && !(await this.store.site(templateSiteId)))
      throw new SyncError('not_found', `There is no site ${templateSiteId} to copy.`);
    const copy = templateSiteId ? await templateOps(this.store, templateSiteId, id, at) : null;
    const site = await this.store.createSite({ ...input, id }, at);
    const audit = {
      at,
      action,
      details: {
        siteId: site.id,
        name: site.name,
        starter: starter || Boolean(copy),
        ...(copy ? { templateSiteId, ...copy.copied } : {}),
        ...(by ? { by } : {}),
      },
    };
    if (!starter && !copy) {
      await this.store.appendAdminAudit(audit);
      return site;
    }
    const authored = await this.authorAs(starterOps(site.id, at, copy?.ops), [audit]);
    if (authored.rejected.length || authored.quarantined.length)
      throw new SyncError('internal', `The new site's visitor types could not be written (site ${site.id}).`);
    const setupCode = oneTimeCode();
    await this.store.createSetupCode({
      codeHash: sha256(normaliseCode(setupCode)),
      siteId: site.id,
      now: at,
    });
    return { ...site, setupCode };
  }

  /**
   * A desk of the site exchanges the site's setup code for the first admin account (the PIN arrives as the
   * desk's KDF hash, never in clear): authored as a staff.upsert that every station of the site applies.
   */
  async claimFirstAdmin(station: StationRecord, body: unknown): Promise<{ staffId: string }> {
    const input = parse(firstAdminRequestSchema, body);
    if (station.role !== 'desk')
      throw new SyncError('forbidden', 'The first admin is set up at a desk of the site.');
    const staffId = newId();
    const at = this.now().toISOString();
    const result = await this.store.claimSetupCode({
      codeHash: sha256(normaliseCode(input.code)),
      siteId: station.siteId,
      staffId,
      stationId: station.id,
      now: at,
    });
    if (result !== 'ok')
      throw new SyncError(
        'gone',
        result === 'claimed'
          ? 'That setup code has already been used; an admin of the site can add staff.'
          : 'That setup code is not known for this site.',
      );
    const { siteId } = station;
    await this.authorAs([
      {
        type: 'staff.upsert',
        entityId: staffId,
        siteId,
        payload: {
          siteId,
          name: input.name,
          login: input.login,
          email: null,
          role: 'admin',
          pinHash: input.pinHash,
          passwordHash: null,
          active: true,
          createdAt: at,
          updatedAt: at,
        },
      },
    ]);
    return { staffId };
  }

  /**
   * A one-time code (shown once, stored hashed) that enrolls one station for a site and role; `id` is its
   * public handle (the console's list of open codes), not the code.
   */
  async createEnrollmentCode(
    body: unknown,
  ): Promise<{ id: string; code: string; siteId: string; role: string; expiresAt: string }> {
    const input = parse(enrollmentCodeRequestSchema, body);
    await this.requireSite(input.siteId);
    const code = oneTimeCode();
    const id = newId();
    const now = this.now();
    const expiresAt = new Date(now.getTime() + input.ttlHours * 3600_000).toISOString();
    await this.store.createEnrollmentCode({
      id,
      codeHash: sha256(normaliseCode(code)),
      siteId: input.siteId,
      role: input.role,
      now: now.toISOString(),
      expiresAt,
    });
    return { id, code, siteId: input.siteId, role: input.role, expiresAt };
  }

  /** The site's enrollment codes not used and not expired yet, soonest to expire first (never a code). */
  async openEnrollmentCodes(siteId: string): Promise<OpenEnrollmentCode[]> {
    await this.requireSite(siteId);
    return this.store.openEnrollmentCodes(siteId, this.now().toISOString());
  }

  /**
   * Ends an open code of the site now, audited as `action` with who did it (`by`) in the same transaction:
   * a station presenting it afterwards is refused as for any expired code.
   */
  async expireEnrollmentCode(
    siteId: string,
    codeId: string,
    by: string,
    action = 'enrollment_code.expire',
  ): Promise<void> {
    await this.requireSite(siteId);
    const now = this.now().toISOString();
    const result = await this.store.expireEnrollmentCode({ id: codeId, siteId, now }, (code) => ({
      at: now,
      action,
      details: { siteId, codeId, role: code.role, by },
    }));
    if (result === 'unknown')
      throw new SyncError('not_found', `There is no enrollment code ${codeId} at this site.`);
    if (result !== 'ok')
      throw new ApiError(
        'conflict',
        result === 'claimed'
          ? 'That enrollment code has already been used.'
          : 'That enrollment code has already expired.',
      );
  }

  private async requireSite(siteId: string): Promise<void> {
    if (!(await this.store.site(siteId))) throw new SyncError('not_found', `There is no site ${siteId}.`);
  }

  async claim(body: unknown): Promise<ClaimResponse> {
    const input = parse(claimRequestSchema, body);
    // Checked before anything is stored: one bad key fanned out would reach every station of the site.
    const keyProblem = claimedKeyProblem(input.publicKey, input.keyId);
    if (keyProblem) throw new SyncError('invalid_input', keyProblem);
    if (input.stationId === SERVER_AUTHOR_ID)
      throw new SyncError('invalid_input', 'That station id is the sync server’s own author id.');
    const stationId = input.stationId ?? newId();
    const credential = `gh1.${randomBytes(32).toString('base64url')}`;
    const result = await this.store.claimEnrollment({
      codeHash: sha256(normaliseCode(input.code)),
      stationId,
      name: input.name ?? `Station ${stationId.slice(-4).toUpperCase()}`,
      credentialHash: sha256(credential),
      publicKey: input.publicKey ?? null,
      keyId: input.keyId ?? null,
      now: this.now().toISOString(),
    });
    if (!result.ok) {
      const messages = {
        unknown_code: 'That enrollment code is not known.',
        expired: 'That enrollment code has expired; ask for a new one.',
        claimed: 'That enrollment code has already been used.',
        station_exists: 'A station with that id is already enrolled.',
        key_exists: 'That public key is already enrolled for another station; each station has its own.',
      };
      const codes = {
        unknown_code: 'gone',
        expired: 'gone',
        claimed: 'gone',
        station_exists: 'forbidden',
        key_exists: 'invalid_input',
      } as const;
      throw new SyncError(codes[result.reason], messages[result.reason]);
    }
    // The station row and its public pass key go to every station of the site, so its passes verify there.
    const at = this.now().toISOString();
    await this.authorAs([
      {
        type: 'station.upsert',
        entityId: stationId,
        siteId: result.site.id,
        payload: {
          siteId: result.site.id,
          name: result.station.name,
          kind: result.station.role,
          publicKey: input.publicKey ?? null,
          keyId: input.keyId ?? null,
          createdAt: at,
        },
      },
    ]);
    const idNumberKey = this.idNumberKey();
    return {
      stationId,
      credential,
      role: result.station.role,
      site: result.site,
      ...(idNumberKey ? { idNumberKey } : {}),
    };
  }

  /**
   * Revokes a station, audited as `action` with who did it (`by`: the console administrator's id, or
   * `admin token`) in the same transaction as the revocation.
   */
  async revoke(stationId: string, by: string, action = 'station.revoke'): Promise<void> {
    const station = await this.store.station(stationId);
    const now = this.now().toISOString();
    const audit = { at: now, action, details: { stationId, siteId: station?.siteId ?? null, by } };
    if (!station || !(await this.store.revokeStation(stationId, now, audit))) {
      throw new SyncError('not_found', `There is no active station ${stationId}.`);
    }
    this.events.emit('revoked', stationId);
    // Its key is retired everywhere: passes it signed are refused from now on.
    await this.authorAs([
      { type: 'station.upsert', entityId: stationId, siteId: station.siteId, payload: { retiredAt: now } },
    ]);
  }

  private authoring: Promise<unknown> = Promise.resolve();

  /** Authors central ops (directory, visitor types, watchlist) as the server and fans them out. */
  async author(body: unknown): Promise<PushResponse> {
    const { ops } = parse(z.object({ ops: z.array(centralOpSchema).min(1).max(1000) }), body);
    for (const op of ops) {
      if (op.siteId !== null && !(await this.store.site(op.siteId)))
        throw new SyncError('not_found', `There is no site ${op.siteId}.`);
      if (kindOfOpType(op.type) !== 'watchlist' && op.siteId === null)
        throw new SyncError('invalid_input', `${op.type} needs a siteId.`);
    }
    // An entry the administrator adds belongs to the organisation: no station may change it. The owner is
    // a first-writer field, so naming it again on an existing entry changes nothing.
    const owned = ops.map((op) =>
      op.type === 'watchlist.upsert'
        ? { ...op, payload: { ownerSiteId: ORGANISATION_OWNER, ...op.payload } }
        : op,
    );
    return this.authorAs(owned);
  }

  /**
   * Pushes ops as the server itself, one batch at a time (each takes the next server-author numbers). Also
   * for server modules that decide something themselves (notify: a visit approved through a link).
   */
  authorAs(
    ops: { type: string; entityId: string; siteId: string | null; payload: Record<string, unknown> }[],
    audit: AdminAuditEntry[] = [],
  ) {
    const run = this.authoring.then(() => this.authorNow(ops, audit));
    this.authoring = run.catch(() => undefined);
    return run;
  }

  private async authorNow(
    ops: { type: string; entityId: string; siteId: string | null; payload: Record<string, unknown> }[],
    audit: AdminAuditEntry[],
  ): Promise<PushResponse> {
    const now = this.now();
    let seq = await this.store.nextAuthorSeq(SERVER_AUTHOR_ID);
    const full = ops.map((op) => ({
      ...op,
      opId: newId(),
      stationId: SERVER_AUTHOR_ID,
      stationSeq: seq++,
      occurredAt: now.toISOString(),
      schemaVersion: SYNC_SCHEMA_VERSION,
    }));
    const response = await this.store.push(
      { id: SERVER_AUTHOR_ID, siteId: null, role: 'server' },
      full,
      now,
      0,
      audit,
    );
    this.events.emit('applied', new Set(full.map((o) => o.siteId)), response.serverHeadSeq);
    return response;
  }
}
