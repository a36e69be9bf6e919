// Retention and erasure (issue #15) at the database: which visits and visitors are due for anonymising,
// removing the traces of an anonymised visit or visitor that live beside its synced row (signatures,
// roll-call copies, badge print jobs, notifications, the copies of ops kept for sync), and compacting the
// file so what was removed is not left in free pages, the WAL or the search index.
import type Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { ZEROED_FREE_SPACE_KEY, type Db } from '../open';
import { KINDS, scrubbedPayload, type EntityState } from '../../shared/merge';
import { legalHolds } from '../schema';
import { settingsRepo } from './settings';

/** The site's anonymous visitor: every anonymised visit of the site refers to it instead of a person. */
export const anonymousVisitorId = (siteId: string): string => `anonymous-${siteId}`;

/** Set when something was anonymised here since the file was last compacted (station scope). */
export const COMPACT_DUE_KEY = 'privacy.compactDue';

/** Incidents that are not closed keep their visit and visitor: security may still need them. */
const OPEN_INCIDENT = `status <> 'closed'`;

/** A visit `v` an open incident refers to (by the visit or by its visitor). */
const INCIDENT_HOLDS_VISIT = `EXISTS (SELECT 1 FROM incidents i
  WHERE ${OPEN_INCIDENT} AND (i.visit_id = v.id OR i.visitor_id = v.visitor_id))`;

/** A visit `v` a legal hold that is not released covers (on the visit or on its visitor). */
const LEGAL_HOLD_ON_VISIT = `EXISTS (SELECT 1 FROM legal_holds h
  WHERE h.released_at IS NULL AND (h.visit_id = v.id OR h.visitor_id = v.visitor_id))`;

export type LegalHoldRow = typeof legalHolds.$inferSelect;

const ids = (list: readonly string[]) => JSON.stringify(list);

/** The site's retention cutoff, and the cutoffs of visitor types that set their own period (ISO times). */
export interface RetentionCutoffs {
  site: string;
  byType: Record<string, string>;
}

/** The latest of the cutoffs: every due visit ended before it (the partial index's range). */
export const latestCutoff = (cutoffs: RetentionCutoffs): string =>
  [cutoffs.site, ...Object.values(cutoffs.byType)].reduce((a, b) => (b > a ? b : a));

/**
 * A visit of @siteId that still names someone and ended before its cutoff: its type's (from @byType) or the
 * site's. The expected_at range walks visits_to_anonymise up to the latest cutoff of all.
 */
const DUE_VISIT = `v.site_id = @siteId AND v.anonymised_at IS NULL
  AND (v.expected_at < @latest OR v.expected_at IS NULL)
  AND coalesce(v.checked_out_at, v.checked_in_at, v.expected_at, v.created_at)
      < coalesce((SELECT value FROM json_each(@byType) WHERE key = v.visitor_type_id), @cutoff)`;

const cutoffParams = (siteId: string, cutoffs: RetentionCutoffs) => ({
  siteId,
  cutoff: cutoffs.site,
  byType: JSON.stringify(cutoffs.byType),
  latest: latestCutoff(cutoffs),
});
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function scrubOps(
  sqlite: Database.Database,
  table: 'sync_sent_ops' | 'sync_held_ops',
  key: 'station_seq' | 'op_id',
  list: string,
) {
  const rows = sqlite
    .prepare(
      `SELECT ${key} AS k, op FROM ${table} WHERE json_extract(op, '$.entityId') IN (SELECT value FROM json_each(@list))
         OR json_extract(op, '$.payload.visitId') IN (SELECT value FROM json_each(@list))
         OR json_extract(op, '$.payload.visitorId') IN (SELECT value FROM json_each(@list))`,
    )
    .all({ list }) as { k: unknown; op: string }[];
  const update = sqlite.prepare(`UPDATE ${table} SET op = ? WHERE ${key} = ?`);
  for (const row of rows) {
    const op = JSON.parse(row.op) as { type: string; payload: Record<string, unknown> };
    update.run(JSON.stringify({ ...op, payload: scrubbedPayload(op.type, op.payload) }), row.k);
  }
}

type Rows = Record<string, unknown>[];

/** Everything a station holds about one visitor, for their access request (files are the caller's). */
export interface PersonData {
  visitor: Record<string, unknown>;
  visits: Rows;
  passes: Rows;
  gateEvents: Rows;
  signedDocuments: Rows;
  incidents: Rows;
  notifications: Rows;
  /** Legal holds on them or their visits, released or not. */
  legalHolds: Rows;
  /** Audit entries that refer to them or their visits by id (the entries keep no personal data). */
  auditEntries: Rows;
}

/** At most this many audit references in one export (the newest are the ones left out). */
export const MAX_AUDIT_REFERENCES = 1000;

export const privacyRepo = {
  /**
   * Visitors that still name someone, found by the start of their name (folded), their e-mail or their
   * phone, with how many visits they have and the latest, newest first.
   */
  findPeople(db: Db, folded: string, contact: string, limit: number): Rows {
    return db.$client
      .prepare(
        `SELECT p.id AS visitorId, p.name, p.company, p.email, p.phone,
                (SELECT count(*) FROM visits v WHERE v.visitor_id = p.id) AS visits,
                (SELECT max(coalesce(v.checked_in_at, v.expected_at)) FROM visits v WHERE v.visitor_id = p.id) AS lastVisitAt
         FROM visitors p
         WHERE p.anonymised_at IS NULL
           AND (p.search_name LIKE @prefix ESCAPE '\\' OR p.search_name LIKE @inner ESCAPE '\\'
                OR lower(p.email) = @contact OR p.phone = @contact)
         ORDER BY lastVisitAt DESC LIMIT @limit`,
      )
      .all({
        prefix: `${escapeLike(folded)}%`,
        inner: `% ${escapeLike(folded)}%`,
        contact,
        limit,
      }) as Rows;
  },

  /** What this station holds about a visitor, or undefined for an unknown or anonymised one. */
  person(db: Db, visitorId: string): PersonData | undefined {
    const sqlite = db.$client;
    const visitor = sqlite
      .prepare(
        `SELECT id, name, company, email, phone, photo_path AS photoPath, created_at AS createdAt, updated_at AS updatedAt
         FROM visitors WHERE id = ? AND anonymised_at IS NULL`,
      )
      .get(visitorId) as Record<string, unknown> | undefined;
    if (!visitor) return undefined;
    const all = (text: string) => sqlite.prepare(text).all(visitorId) as Rows;
    const visits = `SELECT id FROM visits WHERE visitor_id = ?`;
    return {
      visitor,
      visits: all(
        `SELECT v.id, v.status, v.expected_at AS expectedAt, v.checked_in_at AS checkedInAt,
                v.checked_out_at AS checkedOutAt, v.check_out_method AS checkOutMethod, h.name AS host,
                t.names AS visitorType, v.notes, v.custom_fields AS customFields, v.invite_code AS inviteCode,
                v.created_at AS createdAt
         FROM visits v LEFT JOIN hosts h ON h.id = v.host_id LEFT JOIN visitor_types t ON t.id = v.visitor_type_id
         WHERE v.visitor_id = ? ORDER BY v.created_at`,
      ).map((v) => ({
        ...v,
        visitorType: JSON.parse(String(v.visitorType ?? 'null')) as unknown,
        customFields: JSON.parse(String(v.customFields ?? '{}')) as unknown,
      })),
      passes: all(
        `SELECT id, visit_id AS visitId, kind, status, valid_from AS validFrom, valid_until AS validUntil
         FROM passes WHERE visit_id IN (${visits}) ORDER BY created_at`,
      ),
      gateEvents: all(
        `SELECT visit_id AS visitId, direction, granted, reason, occurred_at AS occurredAt
         FROM gate_events WHERE visit_id IN (${visits}) ORDER BY occurred_at`,
      ),
      signedDocuments: sqlite
        .prepare(
          `SELECT visit_id AS visitId, key, version, language, method, typed_name AS typedName,
                  signature_path AS signaturePath, pdf_path AS pdfPath, signed_at AS signedAt
           FROM signed_documents WHERE visitor_id = ? OR visit_id IN (${visits}) ORDER BY signed_at`,
        )
        .all(visitorId, visitorId) as Rows,
      incidents: sqlite
        .prepare(
          `SELECT id, kind, title, status, created_at AS createdAt FROM incidents
           WHERE visitor_id = ? OR visit_id IN (${visits}) ORDER BY created_at`,
        )
        .all(visitorId, visitorId) as Rows,
      notifications: all(
        `SELECT kind, status, created_at AS createdAt FROM notifications WHERE visit_id IN (${visits}) ORDER BY created_at`,
      ),
      legalHolds: sqlite
        .prepare(
          `SELECT id, visit_id AS visitId, reason, created_at AS createdAt, released_at AS releasedAt
           FROM legal_holds WHERE visitor_id = ? OR visit_id IN (${visits}) ORDER BY created_at`,
        )
        .all(visitorId, visitorId) as Rows,
      // The audit log refers to records by id: every entry whose details name the visitor or a visit.
      auditEntries: sqlite
        .prepare(
          `SELECT a.seq, a.id, a.at, a.action, a.outcome FROM audit_entries a
           WHERE EXISTS (SELECT 1 FROM json_each(@ids) j WHERE instr(a.details, j.value) > 0)
           ORDER BY a.seq LIMIT @limit`,
        )
        .all({
          ids: ids([visitorId, ...(all(visits).map((v) => v.id) as string[])]),
          limit: MAX_AUDIT_REFERENCES,
        }) as Rows,
    };
  },

  /** The ids of a visitor's visits. */
  visitsOf(db: Db, visitorId: string): string[] {
    return db.$client
      .prepare('SELECT id FROM visits WHERE visitor_id = ?')
      .pluck()
      .all(visitorId) as string[];
  },

  /**
   * Visits of the site that still name someone and ended before their cutoff (their latest time:
   * check-out, check-in, expected or made; the cutoff of their visitor type, else the site's), in rowid
   * order after the rowid @after, leaving those an open incident refers to (by the visit or its visitor)
   * or a legal hold covers. `last` is the rowid of the last one (the next call's @after), or @after when
   * none is left. Rowid order, not date order: a station makes its visits in date order, so the rows of a
   * batch share pages, and the rows skipped (held, or of a type with a longer period) are not read again.
   */
  dueVisits(
    db: Db,
    siteId: string,
    cutoffs: RetentionCutoffs,
    limit: number,
    after = 0,
  ): { ids: string[]; last: number } {
    const rows = db.$client
      .prepare(
        `SELECT v.rowid AS r, v.id FROM visits v INDEXED BY visits_naming_someone
         WHERE ${DUE_VISIT} AND v.rowid > @after AND NOT ${INCIDENT_HOLDS_VISIT} AND NOT ${LEGAL_HOLD_ON_VISIT}
         ORDER BY v.rowid LIMIT @limit`,
      )
      .all({ ...cutoffParams(siteId, cutoffs), limit, after }) as { r: number; id: string }[];
    return { ids: rows.map((row) => row.id), last: rows.at(-1)?.r ?? after };
  },

  /**
   * How many visits dueVisits would find in all, and how many more it leaves: held by an open incident,
   * and held by a legal hold (a visit both hold counts in both).
   */
  countDueVisits(
    db: Db,
    siteId: string,
    cutoffs: RetentionCutoffs,
  ): { due: number; held: number; legallyHeld: number } {
    return db.$client
      .prepare(
        `SELECT count(*) FILTER (WHERE NOT incident AND NOT legal) AS due,
                count(*) FILTER (WHERE incident) AS held, count(*) FILTER (WHERE legal) AS legallyHeld
         FROM (SELECT ${INCIDENT_HOLDS_VISIT} AS incident, ${LEGAL_HOLD_ON_VISIT} AS legal
               FROM visits v WHERE ${DUE_VISIT})`,
      )
      .get(cutoffParams(siteId, cutoffs)) as { due: number; held: number; legallyHeld: number };
  },

  /** The retention days visitor types of the site set instead of the site's (issue #15). */
  typeRetentionDays(db: Db, siteId: string): Record<string, number> {
    const rows = db.$client
      .prepare(
        'SELECT id, retention_days AS days FROM visitor_types WHERE site_id = ? AND retention_days IS NOT NULL',
      )
      .all(siteId) as { id: string; days: number }[];
    return Object.fromEntries(rows.map((r) => [r.id, r.days]));
  },

  /**
   * Visitors made before `cutoff` that still name someone and have no visit left that names them (their
   * visits were anonymised or never came), leaving those an open incident refers to or a legal hold covers.
   */
  dueVisitors(db: Db, cutoff: string, limit: number): string[] {
    return db.$client
      .prepare(
        `SELECT p.id FROM visitors p
         WHERE p.anonymised_at IS NULL AND p.created_at < @cutoff
           AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.visitor_id = p.id)
           AND NOT EXISTS (SELECT 1 FROM incidents i WHERE ${OPEN_INCIDENT} AND i.visitor_id = p.id)
           AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.released_at IS NULL AND h.visitor_id = p.id)
         ORDER BY p.created_at LIMIT @limit`,
      )
      .pluck()
      .all({ cutoff, limit }) as string[];
  },

  /** The open incidents that refer to any of these visits or visitors (they hold an erasure back). */
  openIncidents(db: Db, visitIds: readonly string[], visitorIds: readonly string[]): string[] {
    return db.$client
      .prepare(
        `SELECT id FROM incidents WHERE ${OPEN_INCIDENT}
           AND (visit_id IN (SELECT value FROM json_each(?)) OR visitor_id IN (SELECT value FROM json_each(?)))`,
      )
      .pluck()
      .all(ids(visitIds), ids(visitorIds)) as string[];
  },

  /** Records a legal hold placed here (its op carries the same row). */
  insertHold(db: Db, row: typeof legalHolds.$inferInsert): void {
    db.insert(legalHolds).values(row).run();
  },

  hold(db: Db, id: string): LegalHoldRow | undefined {
    return db.select().from(legalHolds).where(eq(legalHolds.id, id)).get();
  },

  releaseHold(db: Db, id: string, patch: { releasedAt: string; releasedBy: string | null }): void {
    db.update(legalHolds)
      .set({ ...patch, updatedAt: patch.releasedAt })
      .where(eq(legalHolds.id, id))
      .run();
  },

  /**
   * The site's holds not released, newest first, with whom or what each holds (the visitor's name, or the
   * visit's visitor and time) for the admin who placed them.
   */
  activeHolds(db: Db, siteId: string): Rows {
    return db.$client
      .prepare(
        `SELECT h.id, h.visitor_id AS visitorId, h.visit_id AS visitId, h.reason, h.placed_by AS placedBy,
                s.name AS placedByName, h.created_at AS createdAt,
                coalesce(p.name, vp.name) AS name,
                coalesce(v.checked_in_at, v.expected_at, v.created_at) AS visitAt
         FROM legal_holds h
         LEFT JOIN visitors p ON p.id = h.visitor_id
         LEFT JOIN visits v ON v.id = h.visit_id LEFT JOIN visitors vp ON vp.id = v.visitor_id
         LEFT JOIN staff_users s ON s.id = h.placed_by
         WHERE h.site_id = ? AND h.released_at IS NULL ORDER BY h.created_at DESC, h.id`,
      )
      .all(siteId) as Rows;
  },

  /** The holds not released that cover any of these visits or visitors (they stop an erasure). */
  holdsOn(db: Db, visitIds: readonly string[], visitorIds: readonly string[]): LegalHoldRow[] {
    return db.$client
      .prepare(
        `SELECT id, reason, created_at AS createdAt, visit_id AS visitId, visitor_id AS visitorId
         FROM legal_holds WHERE released_at IS NULL
           AND (visit_id IN (SELECT value FROM json_each(?)) OR visitor_id IN (SELECT value FROM json_each(?)))
         ORDER BY created_at`,
      )
      .all(ids(visitIds), ids(visitorIds)) as LegalHoldRow[];
  },

  /**
   * Removes what this station keeps about anonymised visits and visitors outside their synced rows: the
   * signer's typed name and the signature's file name (the record of which version was signed stays),
   * the names copied into roll calls, badge print jobs, notifications, and the personal fields of every op
   * about them still kept here (the outbox, acknowledged and held ops). Files are the caller's.
   */
  scrub(db: Db, visitIds: readonly string[], visitorIds: readonly string[], nowIso: string): void {
    const sqlite = db.$client;
    const visits = ids(visitIds);
    const everyone = ids([...visitIds, ...visitorIds]);
    sqlite
      .prepare(
        `UPDATE signed_documents SET typed_name = NULL, signature_path = NULL, pdf_path = ''
         WHERE visit_id IN (SELECT value FROM json_each(@visits)) OR visitor_id IN (SELECT value FROM json_each(@visitors))`,
      )
      .run({ visits, visitors: ids(visitorIds) });
    sqlite
      .prepare(
        `UPDATE evacuation_people SET name = '', company = NULL WHERE visit_id IN (SELECT value FROM json_each(?))`,
      )
      .run(visits);
    sqlite
      .prepare(
        `UPDATE print_jobs SET content = NULL, document_path = NULL, last_error = NULL
         WHERE visit_id IN (SELECT value FROM json_each(?))`,
      )
      .run(visits);
    sqlite
      .prepare(`UPDATE notifications SET payload = '{}' WHERE visit_id IN (SELECT value FROM json_each(?))`)
      .run(visits);
    const pending = sqlite
      .prepare(
        `SELECT op_id AS opId, type, payload FROM outbox_ops WHERE entity_id IN (SELECT value FROM json_each(@list))
           OR json_extract(payload, '$.visitId') IN (SELECT value FROM json_each(@list))
           OR json_extract(payload, '$.visitorId') IN (SELECT value FROM json_each(@list))`,
      )
      .all({ list: everyone }) as { opId: string; type: string; payload: string }[];
    const update = sqlite.prepare('UPDATE outbox_ops SET payload = ? WHERE op_id = ?');
    for (const op of pending)
      update.run(
        JSON.stringify(scrubbedPayload(op.type, JSON.parse(op.payload) as Record<string, unknown>)),
        op.opId,
      );
    scrubOps(sqlite, 'sync_sent_ops', 'station_seq', everyone);
    scrubOps(sqlite, 'sync_held_ops', 'op_id', everyone);
    // The server's state as this station last saw it loses the personal fields now, not only once the
    // anonymise op comes back acknowledged (the file may be compacted before then).
    const states = sqlite.prepare(
      `SELECT state FROM sync_entities WHERE kind = ? AND entity_id IN (SELECT value FROM json_each(?))`,
    );
    const put = sqlite.prepare('UPDATE sync_entities SET state = ? WHERE kind = ? AND entity_id = ?');
    for (const [kind, list] of [
      ['visit', visitIds],
      ['visitor', visitorIds],
    ] as const) {
      const keeps = new Set(KINDS[kind].anonymise?.keeps);
      for (const text of states.pluck().all(kind, ids(list)) as string[]) {
        const state = JSON.parse(text) as EntityState;
        const fields = Object.fromEntries(Object.entries(state.fields).filter(([f]) => keeps.has(f)));
        put.run(JSON.stringify({ ...state, fields }), kind, state.id);
      }
    }
    if (visitIds.length + visitorIds.length > 0)
      settingsRepo.set(db, 'station', COMPACT_DUE_KEY, true, nowIso);
  },

  /** Whether something was anonymised here since the file was last compacted. */
  compactDue(db: Db): boolean {
    return settingsRepo.get<boolean>(db, 'station', COMPACT_DUE_KEY) ?? false;
  },

  /**
   * Leaves nothing removed in the file. Where secure_delete has zeroed every freed byte since the file was
   * made or last VACUUMed (ZEROED_FREE_SPACE_KEY, src/db/open.ts), the search index is merged into one
   * segment without deleted entries (its old segments' pages are zeroed as they are freed) and the WAL,
   * which still holds pages as they were, is checkpointed and truncated: seconds, where a VACUUM of a
   * million visits took most of a minute. Otherwise (a file an older release wrote) VACUUM rewrites it
   * from its live rows with secure_delete on, the search index is rebuilt (VACUUM may renumber the visits'
   * rowids it is keyed by, migration 0007), and the file is marked as zeroed from then on. Not inside a
   * transaction.
   */
  compact(db: Db, nowIso: string): void {
    const sqlite = db.$client;
    const secure = sqlite.pragma('secure_delete', { simple: true }) as number;
    sqlite.pragma('secure_delete = ON');
    try {
      if (settingsRepo.get<boolean>(db, 'station', ZEROED_FREE_SPACE_KEY)) {
        sqlite.exec(`INSERT INTO visit_search(visit_search) VALUES ('optimize')`);
      } else {
        sqlite.exec('VACUUM');
        sqlite
          .transaction(() => {
            sqlite.exec(`DELETE FROM visit_search;
              INSERT INTO visit_search(rowid, visitor, company, host)
                SELECT v.rowid, p.name, coalesce(p.company, ''), coalesce(h.name, '')
                FROM visits v JOIN visitors p ON p.id = v.visitor_id LEFT JOIN hosts h ON h.id = v.host_id;
              INSERT INTO visit_search(visit_search) VALUES ('optimize');`);
            settingsRepo.set(db, 'station', ZEROED_FREE_SPACE_KEY, true, nowIso);
          })
          .immediate();
      }
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      settingsRepo.set(db, 'station', COMPACT_DUE_KEY, false, nowIso);
    } finally {
      sqlite.pragma(`secure_delete = ${secure ? 'ON' : 'OFF'}`);
    }
  },
};
