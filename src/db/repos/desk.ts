// Visit lists of the desk and gate: search (FTS5 over visitor name, company and host name, migration
// 0007), people on site, pending approvals. Plain SQL, because the search plan matters at a million visits.
import type { Db } from '../open';
import type { VisitStatus } from '../../shared/domain';
import type { VisitSummaryRow } from './visits';

const SUMMARY_SELECT = `
  SELECT v.id, v.status, v.expected_at, v.checked_in_at, v.checked_out_at, v.invite_code,
         p.id AS visitor_id, p.name AS visitor_name, p.company AS visitor_company,
         h.id AS host_id, h.name AS host_name, h.department AS host_department,
         t.id AS type_id, t.names AS type_names, t.color AS type_color
  FROM visits v
  JOIN visitors p ON p.id = v.visitor_id
  LEFT JOIN hosts h ON h.id = v.host_id
  LEFT JOIN visitor_types t ON t.id = v.visitor_type_id`;

interface SummarySqlRow {
  id: string;
  status: VisitStatus;
  expected_at: string | null;
  checked_in_at: string | null;
  checked_out_at: string | null;
  invite_code: string | null;
  visitor_id: string;
  visitor_name: string;
  visitor_company: string | null;
  host_id: string | null;
  host_name: string | null;
  host_department: string | null;
  type_id: string | null;
  type_names: string | null;
  type_color: string | null;
}

export type DeskVisitRow = VisitSummaryRow & { inviteCode: string | null };

function toSummary(r: SummarySqlRow): DeskVisitRow {
  return {
    id: r.id,
    status: r.status,
    expectedAt: r.expected_at,
    checkedInAt: r.checked_in_at,
    checkedOutAt: r.checked_out_at,
    inviteCode: r.invite_code,
    visitor: { id: r.visitor_id, name: r.visitor_name, company: r.visitor_company },
    host:
      r.host_id && r.host_name ? { id: r.host_id, name: r.host_name, department: r.host_department } : null,
    visitorType:
      r.type_id && r.type_names && r.type_color
        ? { id: r.type_id, names: JSON.parse(r.type_names) as Record<string, string>, color: r.type_color }
        : null,
  };
}

export interface VisitSearch {
  siteId: string;
  /** An FTS5 expression over the columns visitor, company, host; null: no text condition. */
  match: string | null;
  statuses: VisitStatus[];
  /** UTC instants [from, to) on expected_at. */
  from: string | null;
  to: string | null;
  /** Zone ids: visits whose pass opens any of them. */
  zoneIds: string[] | null;
  /** Keyset paging: rows strictly after this (expected_at, id) in newest-first order. */
  after: { expectedAt: string; id: string } | null;
  limit: number;
}

export const deskRepo = {
  /** Newest first by expected time. */
  search(db: Db, s: VisitSearch): DeskVisitRow[] {
    const where = ['v.site_id = @siteId'];
    const params: Record<string, unknown> = { siteId: s.siteId, limit: s.limit };
    // With text, start from the FTS matches (usually few) and sort them; CROSS JOIN fixes that order.
    let from = 'FROM visits v';
    if (s.match !== null) {
      from = 'FROM visit_search s CROSS JOIN visits v ON v.rowid = s.rowid';
      where.push('visit_search MATCH @match');
      params.match = s.match;
    }
    if (s.statuses.length) {
      where.push(`v.status IN (${s.statuses.map((_, i) => `@status${i}`).join(', ')})`);
      s.statuses.forEach((st, i) => (params[`status${i}`] = st));
    }
    if (s.from) {
      where.push('v.expected_at >= @from');
      params.from = s.from;
    }
    if (s.to) {
      where.push('v.expected_at < @to');
      params.to = s.to;
    }
    if (s.zoneIds) {
      where.push(
        `EXISTS (SELECT 1 FROM passes ps, json_each(ps.zone_ids) z WHERE ps.visit_id = v.id AND z.value IN (SELECT value FROM json_each(@zones)))`,
      );
      params.zones = JSON.stringify(s.zoneIds);
    }
    if (s.after) {
      where.push('(v.expected_at < @afterAt OR (v.expected_at = @afterAt AND v.id < @afterId))');
      params.afterAt = s.after.expectedAt;
      params.afterId = s.after.id;
    }
    // Pick the page's rows first, then join the names for those rows only.
    const page = `SELECT v.rowid AS rid ${from} WHERE ${where.join(' AND ')}
                  ORDER BY v.expected_at DESC, v.id DESC LIMIT @limit`;
    const joined = SUMMARY_SELECT.replace(
      'FROM visits v',
      'FROM page CROSS JOIN visits v ON v.rowid = page.rid',
    );
    const query = `WITH page AS (${page}) ${joined} ORDER BY v.expected_at DESC, v.id DESC`;
    return (db.$client.prepare(query).all(params) as SummarySqlRow[]).map(toSummary);
  },

  /** Everyone checked in at a site, longest there first. */
  onSite(db: Db, siteId: string): DeskVisitRow[] {
    return (
      db.$client
        .prepare(
          `${SUMMARY_SELECT} WHERE v.site_id = ? AND v.status = 'checked_in' ORDER BY v.checked_in_at, v.id`,
        )
        .all(siteId) as SummarySqlRow[]
    ).map(toSummary);
  },

  countOnSite(db: Db, siteId: string): number {
    return db.$client
      .prepare("SELECT count(*) FROM visits WHERE site_id = ? AND status = 'checked_in'")
      .pluck()
      .get(siteId) as number;
  },

  /**
   * People on site who may be in each of the given zones: everyone checked in, except those whose only
   * passes are limited to other zones (a pass with no zones opens every zone).
   */
  onSiteByZone(db: Db, siteId: string, zoneIds: string[]): { id: string; name: string; onSite: number }[] {
    return db.$client
      .prepare(
        `SELECT z.id, z.name, (
           SELECT count(*) FROM visits v
           WHERE v.site_id = z.site_id AND v.status = 'checked_in' AND NOT EXISTS (
             SELECT 1 FROM passes p
             WHERE p.visit_id = v.id AND p.kind = 'visit' AND p.status IN ('active', 'used')
               AND p.zone_ids <> '[]'
               AND NOT EXISTS (SELECT 1 FROM json_each(p.zone_ids) WHERE value = z.id))
         ) AS onSite
         FROM zones z
         WHERE z.site_id = ? AND z.id IN (SELECT value FROM json_each(?))
         ORDER BY z.name`,
      )
      .all(siteId, JSON.stringify(zoneIds)) as { id: string; name: string; onSite: number }[];
  },

  /**
   * Visits awaiting a decision, oldest first: pending approval, or approved but held (the kiosk found the
   * site full or the visitor on the watchlist; see awaitsDecision in src/main/visits/status.ts).
   */
  pending(db: Db, siteId: string): DeskVisitRow[] {
    return (
      db.$client
        .prepare(
          `${SUMMARY_SELECT} WHERE v.site_id = ?
             AND (v.status = 'pending_approval' OR (v.status = 'approved' AND v.hold IS NOT NULL))
           ORDER BY v.expected_at, v.id`,
        )
        .all(siteId) as SummarySqlRow[]
    ).map(toSummary);
  },

  get(db: Db, visitId: string): DeskVisitRow | undefined {
    const row = db.$client.prepare(`${SUMMARY_SELECT} WHERE v.id = ?`).get(visitId) as
      SummarySqlRow | undefined;
    return row && toSummary(row);
  },

  zoneIdsByName(db: Db, siteId: string, names: string[]): string[] {
    const statement = db.$client.prepare('SELECT id FROM zones WHERE site_id = ? AND lower(name) = lower(?)');
    return names.flatMap((name) => statement.pluck().all(siteId, name) as string[]);
  },

  inviteCodeTaken(db: Db, code: string): boolean {
    return Boolean(db.$client.prepare('SELECT 1 FROM visits WHERE invite_code = ?').get(code));
  },

  /** The host record of a staff user (a host signed in as themselves). */
  hostIdOfStaff(db: Db, staffUserId: string): string | null {
    return (
      (db.$client.prepare('SELECT id FROM hosts WHERE staff_user_id = ?').pluck().get(staffUserId) as
        string | undefined) ?? null
    );
  },

  hostByNameOrEmail(db: Db, siteId: string, text: string): { id: string; name: string }[] {
    return db.$client
      .prepare(
        `SELECT id, name FROM hosts WHERE site_id = ? AND active = 1 AND (lower(email) = lower(?) OR search_name = ?)`,
      )
      .all(siteId, text.trim(), text) as { id: string; name: string }[];
  },

  /** Recent audit entries about visits (and roll calls), newest first, with the actor's name. */
  activity(db: Db, limit: number) {
    return db.$client
      .prepare(
        `SELECT a.at, a.action, a.role, a.details, s.name AS actor_name
         FROM audit_entries a LEFT JOIN staff_users s ON s.id = a.actor_id
         WHERE a.outcome = 'ok' AND (a.action LIKE 'visits.%' OR a.action LIKE 'evacuation.%')
         ORDER BY a.seq DESC LIMIT ?`,
      )
      .all(limit) as {
      at: string;
      action: string;
      role: string;
      details: string;
      actor_name: string | null;
    }[];
  },

  /** The documents signed for a visit, at this station, with their titles, oldest first. */
  signedForVisit(db: Db, visitId: string) {
    return (
      db.$client
        .prepare(
          `SELECT d.titles, s.version, s.method, s.signed_at
           FROM signed_documents s LEFT JOIN visitor_type_documents d ON d.id = s.document_id
           WHERE s.visit_id = ? ORDER BY s.signed_at`,
        )
        .all(visitId) as {
        titles: string | null;
        version: number;
        method: 'drawn' | 'typed';
        signed_at: string;
      }[]
    ).map((r) => ({
      titles: r.titles ? (JSON.parse(r.titles) as Record<string, string>) : {},
      version: r.version,
      method: r.method,
      signedAt: r.signed_at,
    }));
  },

  /** This station's audit entries about one visit (its details name it), oldest first. */
  auditOfVisit(db: Db, visitId: string) {
    return db.$client
      .prepare(
        `SELECT a.at, a.action, a.details, s.name AS actor_name
         FROM audit_entries a LEFT JOIN staff_users s ON s.id = a.actor_id
         WHERE a.outcome = 'ok' AND json_extract(a.details, '$.visitId') = ?
         ORDER BY a.seq`,
      )
      .all(visitId) as { at: string; action: string; details: string; actor_name: string | null }[];
  },

  visitorNames(db: Db, visitIds: string[]): Map<string, string> {
    if (!visitIds.length) return new Map();
    const rows = db.$client
      .prepare(
        `SELECT v.id, p.name FROM visits v JOIN visitors p ON p.id = v.visitor_id
         WHERE v.id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(visitIds)) as { id: string; name: string }[];
    return new Map(rows.map((r) => [r.id, r.name]));
  },
};
