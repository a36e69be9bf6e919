// The merge rules of sync, in one place for the server and the stations. Each synced entity (a visit, a
// visitor, a pass, a host, a watchlist entry, a visitor type) is a small state built from its ops, and
// every rule is order-independent: applying the same ops in any order, once or many times, gives the same
// state. That is what lets the server apply ops as they arrive, a station apply pulled pages and its own
// acknowledged ops as they come, and every copy still agree.
//
// Each op carries a version: its server sequence number once the server has ordered it, or PENDING +
// stationSeq for a local op the server has not acknowledged yet (newer than anything the station has seen).
// - status: only moves forward, by a rank (an older transition that arrives late cannot undo a newer one);
// - station-recorded facts (created, checked in, checked out): the first by server order stays;
// - every other field (notes, company, phone…): the last by server order wins;
// - deletes are tombstones: the first delete stays, ids are never reused.
// Wall-clock time is data, never a tie-breaker: a station's clock may be days wrong. The times the merge
// writes itself (a row's updatedAt, a tombstone's deletedAt) are the op's corrected time, the station's
// clock moved by its estimated offset from the server's (src/shared/sync.ts correctedTime).
import type { VisitStatus, PassStatus } from './domain';

export const ENTITY_KINDS = [
  'visit',
  'visitor',
  'pass',
  'host',
  'watchlist',
  'visitorType',
  'visitorTypeDocument',
  'station',
  'gateEvent',
  'incident',
  'incidentEvent',
  'siteSettings',
  'staff',
  'legalHold',
  'deviceProfile',
] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** Versions at or above this belong to local ops not yet ordered by the server. */
export const PENDING_VERSION = 2 ** 50;

/**
 * Visit statuses by rank. Physical facts outrank decisions: a visitor who checked in at a kiosk while the
 * desk denied or cancelled the visit offline is on site, and the evacuation list must show them.
 */
export const VISIT_STATUS_RANK: Record<VisitStatus, number> = {
  expected: 0,
  pending_approval: 1,
  approved: 2,
  no_show: 3,
  cancelled: 4,
  denied: 5,
  checked_in: 6,
  checked_out: 7,
};

/** Pass statuses by rank: revoked wins over everything. */
export const PASS_STATUS_RANK: Record<PassStatus, number> = { active: 0, used: 1, expired: 2, revoked: 3 };

interface KindSpec {
  /** 'org' entities (the watchlist) go to every station; 'site' entities only to stations of their site. */
  scope: 'site' | 'org';
  /** Authored centrally: only the server or a desk station may push them. */
  central: boolean;
  /** Authored by the server alone (station rows and their public pass keys, written at enrollment). */
  serverOnly?: boolean;
  /** The op types of this kind; `delete` makes a tombstone, every other one patches fields. */
  ops: readonly string[];
  /** Rank of each status value, for kinds whose status only moves forward. */
  statusRank?: Record<string, number>;
  /** First-writer groups: fields set together by the op that first (in server order) carried them. */
  firsts: Record<string, readonly string[]>;
  /** Groups only one op type may set (a hold's release): a row carried by another op names them as null. */
  firstsOnlyBy?: Record<string, string>;
  /** The columns of the station table, with the value a column takes when no op has set it. */
  columns: Record<string, unknown>;
  /** Columns without which a row cannot be written yet (it waits in the sync state). */
  required: readonly string[];
  /** How a tombstone shows in the row: a column set to false, or a column set to the delete time. */
  tombstone?: { column: string; value: 'false' | 'deletedAt' };
  /**
   * A document of named values rather than a row of fixed columns (a site's settings): the row is every
   * field some op set, and a value never set is left to the reader's default.
   */
  open?: true;
  /** One entity per site, whose id is the site's id (a site's settings). */
  idIsSite?: true;
  /**
   * An organisation-wide entity owned by the site that created it: the firsts group `owner` holds
   * `ownerSiteId`, fixed by the creating op, and only stations of that site (or the server) may change it.
   */
  siteOwned?: true;
  /**
   * Anonymisation (retention and erasure, issue #15): the `<kind>.anonymise` op. Its payload's
   * `anonymisedAt` is a first-writer group (`anonymised`); once an entity has it, every field not named in
   * `keeps` is dropped from the state and reads as `blanks` or its column's empty value, whichever op
   * carries it and in whatever order ops arrive, so no op, older or newer, brings the personal data back.
   */
  anonymise?: { keeps: readonly string[]; blanks: Record<string, unknown> };
}

/** The owner of a site-owned entity (KINDS.siteOwned) the server's administrator made for the whole organisation. */
export const ORGANISATION_OWNER = 'organisation';

/** The firsts group of an anonymised entity, and the payload field naming a visit's anonymous visitor. */
const ANONYMISED = 'anonymised';
export const ANONYMOUS_VISITOR_FIELD = 'anonymousVisitorId';

const stamps = { createdAt: undefined, updatedAt: undefined };

export const KINDS: Record<EntityKind, KindSpec> = {
  visit: {
    scope: 'site',
    central: false,
    ops: ['visit.create', 'visit.status', 'visit.update', 'visit.anonymise'],
    statusRank: VISIT_STATUS_RANK,
    firsts: {
      createdAt: ['createdAt'],
      checkIn: ['checkedInAt'],
      checkOut: ['checkedOutAt', 'checkOutMethod'],
      createdBy: ['createdByStationId'],
      // The visit now refers to the site's anonymous visitor instead of the person (ANONYMOUS_VISITOR_FIELD).
      anonymised: ['anonymisedAt', ANONYMOUS_VISITOR_FIELD],
    },
    columns: {
      siteId: undefined,
      visitorId: undefined,
      hostId: null,
      visitorTypeId: null,
      status: undefined,
      // A hold (VisitHold) sits beside the forward-only status: the last hold or clear in server order
      // wins, so an approved invite the kiosk holds stays held, and the desk's decision releases it.
      hold: null,
      expectedAt: null,
      checkedInAt: null,
      checkedOutAt: null,
      checkOutMethod: null,
      inviteCode: null,
      customFields: {},
      notes: null,
      timezone: undefined,
      createdByStationId: null,
      anonymisedAt: null,
      ...stamps,
    },
    required: ['siteId', 'visitorId', 'status', 'timezone', 'createdAt'],
    // Counts, times, host, type and outcome stay so reports add up; notes, answers and invite code go.
    anonymise: {
      keeps: ['siteId', 'hostId', 'visitorTypeId', 'hold', 'expectedAt', 'timezone', 'updatedAt'],
      blanks: {},
    },
  },
  visitor: {
    scope: 'site',
    central: false,
    ops: ['visitor.upsert', 'visitor.anonymise'],
    firsts: { createdAt: ['createdAt'], anonymised: ['anonymisedAt'] },
    columns: {
      name: undefined,
      searchName: undefined,
      company: null,
      email: null,
      phone: null,
      photoPath: null,
      anonymisedAt: null,
      ...stamps,
    },
    required: ['name', 'searchName', 'createdAt'],
    anonymise: { keeps: ['updatedAt'], blanks: { name: '', searchName: '' } },
  },
  pass: {
    scope: 'site',
    central: false,
    ops: ['pass.issue', 'pass.status'],
    statusRank: PASS_STATUS_RANK,
    firsts: { createdAt: ['createdAt'] },
    columns: {
      visitId: undefined,
      siteId: undefined,
      tokenHash: undefined,
      kind: undefined,
      status: undefined,
      validFrom: undefined,
      validUntil: undefined,
      zoneIds: [],
      multiEntry: true,
      issuedByStationId: undefined,
      keyId: undefined,
      ...stamps,
    },
    required: [
      'visitId',
      'siteId',
      'tokenHash',
      'kind',
      'status',
      'validFrom',
      'validUntil',
      'issuedByStationId',
      'keyId',
      'createdAt',
    ],
  },
  host: {
    scope: 'site',
    central: true,
    ops: ['host.upsert', 'host.delete'],
    firsts: { createdAt: ['createdAt'] },
    columns: {
      siteId: undefined,
      name: undefined,
      searchName: undefined,
      email: null,
      phone: null,
      department: null,
      staffUserId: null,
      active: true,
      ...stamps,
    },
    required: ['siteId', 'name', 'searchName', 'createdAt'],
    tombstone: { column: 'active', value: 'false' },
  },
  watchlist: {
    scope: 'org',
    central: true,
    siteOwned: true,
    ops: ['watchlist.upsert', 'watchlist.delete'],
    firsts: { createdAt: ['createdAt'], owner: ['ownerSiteId'] },
    columns: {
      name: undefined,
      aliases: [],
      dateOfBirth: null,
      idNumber: null,
      reason: undefined,
      level: undefined,
      expiresAt: null,
      addedBy: null,
      ownerSiteId: null,
      deletedAt: null,
      ...stamps,
    },
    required: ['name', 'reason', 'level', 'createdAt'],
    tombstone: { column: 'deletedAt', value: 'deletedAt' },
  },
  visitorType: {
    scope: 'site',
    central: true,
    ops: ['visitorType.upsert'],
    firsts: { createdAt: ['createdAt'] },
    columns: {
      siteId: undefined,
      names: undefined,
      color: undefined,
      photo: 'optional',
      requiresId: false,
      requiresApproval: false,
      customFields: [],
      sortOrder: 0,
      active: true,
      retentionDays: null,
      ...stamps,
    },
    required: ['siteId', 'names', 'color', 'createdAt'],
  },
  /** A published version of a visitor type's document (an NDA): never edited, a new version is a new entity. */
  visitorTypeDocument: {
    scope: 'site',
    central: true,
    ops: ['visitorTypeDocument.publish'],
    firsts: { document: ['visitorTypeId', 'key', 'version', 'titles', 'bodies', 'createdAt'] },
    columns: {
      visitorTypeId: undefined,
      key: undefined,
      version: undefined,
      titles: undefined,
      bodies: undefined,
      createdAt: undefined,
    },
    required: ['visitorTypeId', 'key', 'version', 'titles', 'bodies', 'createdAt'],
  },
  /** The stations of a site and their public pass keys, so a pass signed at one verifies at the others. */
  station: {
    scope: 'site',
    central: true,
    serverOnly: true,
    ops: ['station.upsert'],
    firsts: { createdAt: ['createdAt'] },
    columns: {
      siteId: undefined,
      name: undefined,
      kind: null,
      publicKey: null,
      keyId: null,
      retiredAt: null,
      ...stamps,
    },
    required: ['siteId', 'name', 'createdAt'],
  },
  /**
   * Decisions at the site's gates. Each is a fact recorded once by the gate that made it; every gate keeps
   * all of them, so anti-passback holds across gates (a pass that entered at one cannot enter at another).
   */
  gateEvent: {
    scope: 'site',
    central: false,
    ops: ['gate.event'],
    firsts: {
      event: ['stationId', 'passId', 'visitId', 'direction', 'granted', 'reason', 'overrideBy', 'occurredAt'],
    },
    columns: {
      siteId: undefined,
      stationId: undefined,
      passId: null,
      visitId: null,
      direction: undefined,
      granted: undefined,
      reason: undefined,
      overrideBy: null,
      occurredAt: undefined,
    },
    required: ['siteId', 'stationId', 'direction', 'granted', 'reason', 'occurredAt'],
  },
  /**
   * Security's incidents. Status is not forward-only here: security may reopen a closed incident, so the
   * latest change in server order wins, like any other field.
   */
  incident: {
    scope: 'site',
    central: false,
    ops: ['incident.upsert'],
    firsts: { createdAt: ['createdAt'] },
    columns: {
      siteId: undefined,
      visitId: null,
      visitorId: null,
      kind: undefined,
      title: undefined,
      status: undefined,
      assigneeId: null,
      ...stamps,
    },
    required: ['siteId', 'kind', 'title', 'status', 'createdAt'],
  },
  /** An incident's timeline entries: each recorded once, by the station where it happened. */
  incidentEvent: {
    scope: 'site',
    central: false,
    ops: ['incident.event'],
    firsts: { event: ['incidentId', 'at', 'actorId', 'kind', 'note', 'details'] },
    columns: {
      incidentId: undefined,
      at: undefined,
      actorId: null,
      kind: undefined,
      note: null,
      details: {},
    },
    required: ['incidentId', 'at', 'kind'],
  },
  /**
   * A site's settings (capacity, idle times, retention, thresholds, check-out time…): one entity per site,
   * its id the site's. Each setting is its own last-writer-wins field, so two admins changing different
   * settings offline both keep theirs; a setting that is an object (opening hours, zone limits) is replaced
   * whole. Set at a desk of the site or at the server, applied at every station of that site only.
   */
  siteSettings: {
    scope: 'site',
    central: true,
    open: true,
    idIsSite: true,
    ops: ['site.settings'],
    firsts: {},
    columns: {},
    required: [],
  },
  /**
   * Staff accounts and their roles. Secrets travel only as the KDF hash strings the station stores, passed
   * on as they are (never re-hashed); failed attempts and locks stay at each station. A change to an
   * account ends its sessions at every station that applies it (src/main/sync/engine.ts).
   */
  staff: {
    scope: 'site',
    central: true,
    ops: ['staff.upsert'],
    firsts: { createdAt: ['createdAt'] },
    columns: {
      siteId: undefined,
      name: undefined,
      login: undefined,
      email: null,
      role: undefined,
      pinHash: null,
      passwordHash: null,
      badgeCode: null,
      active: true,
      ...stamps,
    },
    required: ['siteId', 'name', 'login', 'role', 'createdAt'],
  },
  /**
   * A legal hold on a visitor or a visit (issue #15): while it is not released, retention and erasure leave
   * what it holds alone at every station. Placed once (what it holds and why are fixed by the placing op)
   * and released once: the first release in server order stays, so no late op can revive or re-release a
   * hold; holding the same record again is a new hold.
   */
  legalHold: {
    scope: 'site',
    central: true,
    ops: ['legalHold.place', 'legalHold.release'],
    firsts: {
      placed: ['visitorId', 'visitId', 'reason', 'placedBy', 'createdAt'],
      released: ['releasedAt', 'releasedBy'],
    },
    firstsOnlyBy: { released: 'legalHold.release' },
    columns: {
      siteId: undefined,
      visitorId: null,
      visitId: null,
      reason: undefined,
      placedBy: null,
      releasedAt: null,
      releasedBy: null,
      ...stamps,
    },
    required: ['siteId', 'reason', 'createdAt'],
  },
  /**
   * A site's shared device profile (issue #16): the scanners, relays and printers a desk administrator
   * marked as the site's, one per site, its id the site's. Per-machine addresses (serial and HID paths,
   * network hosts, USB serial numbers) are left out unless the administrator included them, so each
   * station fills its own. Sharing again replaces the whole profile: the last share in server order wins.
   * Stations with no devices of their own adopt it; the others offer it (src/main/hardware/profile.ts).
   */
  deviceProfile: {
    scope: 'site',
    central: true,
    idIsSite: true,
    ops: ['deviceProfile.share'],
    firsts: { createdAt: ['createdAt'] },
    columns: {
      siteId: undefined,
      devices: undefined,
      includesAddresses: false,
      sharedByStationId: null,
      ...stamps,
    },
    required: ['siteId', 'devices', 'createdAt'],
  },
};

const KIND_OF_TYPE = new Map<string, EntityKind>(
  ENTITY_KINDS.flatMap((kind) => KINDS[kind].ops.map((type) => [type, kind] as const)),
);

/** The entity kind an op type changes, or undefined for a type this build does not know (kept, not applied). */
export function kindOfOpType(type: string): EntityKind | undefined {
  return KIND_OF_TYPE.get(type);
}

interface Register<T = unknown> {
  v: T;
  at: number;
}

/** The merged state of one entity. Plain JSON: stored as is by the server and by each station. */
export interface EntityState {
  kind: EntityKind;
  id: string;
  siteId: string | null;
  /** Last-writer-wins fields (including fields this build does not know, kept for newer builds). */
  fields: Record<string, Register>;
  /** First-writer groups (station-recorded facts). */
  firsts: Record<string, Register<Record<string, unknown>>>;
  status: string | null;
  deleted: Register<string> | null;
  /** The highest version applied. */
  version: number;
}

/** What the merge needs of an op. */
export interface MergeOp {
  type: string;
  entityId: string;
  siteId: string | null;
  payload: Record<string, unknown>;
  occurredAt: string;
  /** occurredAt by the server's clock; absent from older ops, which merge at occurredAt. */
  correctedAt?: string;
}

/**
 * Applies one op at a version to an entity's state and returns the new state (the input is not changed).
 * Throws for an op type this build does not know: check kindOfOpType first.
 */
export function applyOp(state: EntityState | undefined, op: MergeOp, version: number): EntityState {
  const kind = kindOfOpType(op.type);
  if (!kind) throw new Error(`Unknown op type ${op.type}`);
  if (state && (state.kind !== kind || state.id !== op.entityId)) {
    throw new Error(`Op ${op.type} for ${op.entityId} applied to ${state.kind} ${state.id}`);
  }
  const spec = KINDS[kind];
  const next: EntityState = state
    ? { ...state, fields: { ...state.fields }, firsts: { ...state.firsts } }
    : {
        kind,
        id: op.entityId,
        siteId: op.siteId,
        fields: {},
        firsts: {},
        status: null,
        deleted: null,
        version,
      };
  next.version = Math.max(next.version, version);
  // Ops of one entity agree on its site (the server refuses any that does not); null is filled in once known.
  next.siteId ??= op.siteId;
  const at = op.correctedAt ?? op.occurredAt;

  if (op.type.endsWith('.delete')) {
    if (!next.deleted || version < next.deleted.at) next.deleted = { v: at, at: version };
  } else {
    const grouped = new Set(Object.values(spec.firsts).flat());
    for (const [group, members] of Object.entries(spec.firsts)) {
      // Only an anonymise op anonymises (a full row carries anonymisedAt: null).
      if (group === ANONYMISED && !op.type.endsWith('.anonymise')) continue;
      const only = spec.firstsOnlyBy?.[group];
      if (only !== undefined && op.type !== only) continue;
      const present = members.filter((m) => op.payload[m] !== undefined);
      if (present.length === 0) continue;
      const existing = next.firsts[group];
      if (!existing || version < existing.at) {
        next.firsts[group] = { v: Object.fromEntries(present.map((m) => [m, op.payload[m]])), at: version };
      }
    }
    for (const [field, value] of Object.entries(op.payload)) {
      if (field === 'id' || field === 'updatedAt' || grouped.has(field) || value === undefined) continue;
      if (field === 'status' && spec.statusRank) {
        next.status = higherStatus(spec.statusRank, next.status, value);
        continue;
      }
      setLatest(next.fields, field, value, version);
    }
  }
  // The row's updatedAt is the corrected time of the latest op in server order.
  setLatest(next.fields, 'updatedAt', at, version);
  if (spec.anonymise && next.firsts[ANONYMISED]) {
    const keeps = new Set(spec.anonymise.keeps);
    for (const field of Object.keys(next.fields)) if (!keeps.has(field)) delete next.fields[field];
  }
  return next;
}

/** Whether an entity's state is anonymised (its personal data gone for good). */
export const isAnonymised = (state: EntityState): boolean => Boolean(state.firsts[ANONYMISED]);

/**
 * What an anonymised row holds in place of each column its kind does not keep: the kind's blank, or the
 * column's empty value (a required column without one, the visit's visitorId, is the caller's to give).
 * The station writes this when it anonymises a row itself; rowOf gives the same.
 */
export function anonymisedColumns(kind: EntityKind): Record<string, unknown> {
  const spec = KINDS[kind];
  if (!spec.anonymise) throw new Error(`${kind} entries are not anonymised`);
  const keeps = new Set([...spec.anonymise.keeps, ...Object.values(spec.firsts).flat()]);
  const blank: Record<string, unknown> = {};
  for (const [column, fallback] of Object.entries(spec.columns))
    if (!keeps.has(column) && fallback !== undefined) blank[column] = fallback;
  return { ...blank, ...spec.anonymise.blanks };
}

/**
 * An op's payload with what anonymisation removes taken out, for the copies of ops kept after their entity
 * was anonymised (a station's outbox and acknowledged ops, the server's log): the fields the kind keeps for
 * an op of an anonymisable kind, and no personal field for any other op (a notice naming the visit).
 */
export function scrubbedPayload(type: string, payload: Record<string, unknown>): Record<string, unknown> {
  const kind = kindOfOpType(type);
  const spec = kind ? KINDS[kind] : undefined;
  if (spec?.anonymise) {
    const keeps = new Set(['id', ...spec.anonymise.keeps, ...Object.values(spec.firsts).flat(), 'status']);
    return Object.fromEntries(Object.entries(payload).filter(([k]) => keeps.has(k)));
  }
  return Object.fromEntries(Object.entries(payload).filter(([k]) => !PERSONAL_PAYLOAD_FIELDS.has(k)));
}

/** Fields of op payloads that name or picture a person (notices: a watchlist alert, a photo, a pass e-mail). */
const PERSONAL_PAYLOAD_FIELDS = new Set([
  'name',
  'searchName',
  'company',
  'email',
  'phone',
  'photoPath',
  'dataUrl',
  'passToken',
  'notes',
  'customFields',
  'inviteCode',
  'typedName',
]);

function setLatest(fields: Record<string, Register>, field: string, value: unknown, at: number) {
  const existing = fields[field];
  if (!existing || at > existing.at) fields[field] = { v: value, at };
}

function higherStatus(
  rank: Record<string, number>,
  current: string | null,
  proposed: unknown,
): string | null {
  // A status this build does not know (a newer schema) is ignored here; the op itself is kept.
  if (typeof proposed !== 'string' || rank[proposed] === undefined) return current;
  if (current === null || rank[current] === undefined) return proposed;
  return rank[proposed] > rank[current] ? proposed : current;
}

/** Applies ops (each with its version) in the given order. */
export function applyAll(
  state: EntityState | undefined,
  ops: Iterable<{ op: MergeOp; version: number }>,
): EntityState | undefined {
  let s = state;
  for (const { op, version } of ops) s = applyOp(s, op, version);
  return s;
}

/**
 * The row the station keeps for an entity (the columns of its table, camelCase as drizzle names them), or
 * null while ops that create it have not arrived. The server's canonical dump uses the same function.
 */
export function rowOf(state: EntityState): Record<string, unknown> | null {
  const spec = KINDS[state.kind];
  const row: Record<string, unknown> = { id: state.id };
  for (const [column, fallback] of Object.entries(spec.columns))
    row[column] = state.fields[column]?.v ?? fallback;
  for (const group of Object.values(state.firsts)) Object.assign(row, group.v);
  if (spec.anonymise && isAnonymised(state)) {
    Object.assign(row, spec.anonymise.blanks);
    const anonymous = row[ANONYMOUS_VISITOR_FIELD];
    if (typeof anonymous === 'string') row.visitorId = anonymous;
  }
  delete row[ANONYMOUS_VISITOR_FIELD];
  if (spec.open) for (const [field, register] of Object.entries(state.fields)) row[field] = register.v;
  if (spec.statusRank) row.status = state.status ?? undefined;
  if (state.deleted && spec.tombstone) {
    row[spec.tombstone.column] = spec.tombstone.value === 'false' ? false : state.deleted.v;
  }
  for (const column of Object.keys(spec.columns)) row[column] ??= spec.columns[column] ?? null;
  if (spec.required.some((c) => row[c] === undefined || row[c] === null)) return null;
  return row;
}

/** The rank of a status for forward-only checks (undefined for kinds without one). */
export function statusRank(kind: EntityKind, status: string | null): number | undefined {
  const rank = KINDS[kind].statusRank;
  return rank && status !== null ? rank[status] : undefined;
}
