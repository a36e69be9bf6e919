// Retention and erasure (issue #15) at the database: which visits and visitors are due for anonymising,
// removing the traces of an anonymised visit or visitor that live beside its synced row (signatures,
// roll-call copies, badge print jobs, notifications, the copies of ops kept for sync), and compacting the
// file so what was removed is not left in free pages, the WAL or the search index.
import type Database from 'better-sqlite3';
import type { Db } from '../open';
import { KINDS, scrubbedPayload, type EntityState } from '../../shared/merge';
import { settingsRepo } from './settings';

/** The site's anonymous visitor: every anonymised visit of the site refers to it instead of a person. */
export const anonymousVisitorId = (siteId: string): string => `anonymous-${siteId}`;

/** Set when something was anonymised here since the file was last compacted (station scope). */
export const COMPACT_DUE_KEY = 'privacy.compactDue';

/** Incidents that are not closed keep their visit and visitor: security may still need them. */
const OPEN_INCIDENT = `status <> 'closed'`;

const ids = (list: readonly string[]) => JSON.stringify(list);
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
}

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
   * Visits of the site that still name someone and ended before `cutoff` (their latest time: check-out,
   * check-in, expected or made), oldest first, leaving those an open incident refers to (by the visit or
   * its visitor).
   */
  dueVisits(db: Db, siteId: string, cutoff: string, limit: number): string[] {
    return db.$client
      .prepare(
        `SELECT v.id FROM visits v
         WHERE v.site_id = @siteId AND v.anonymised_at IS NULL
           AND (v.expected_at < @cutoff OR v.expected_at IS NULL)
           AND coalesce(v.checked_out_at, v.checked_in_at, v.expected_at, v.created_at) < @cutoff
           AND NOT EXISTS (SELECT 1 FROM incidents i
                           WHERE ${OPEN_INCIDENT} AND (i.visit_id = v.id OR i.visitor_id = v.visitor_id))
         ORDER BY v.expected_at LIMIT @limit`,
      )
      .pluck()
      .all({ siteId, cutoff, limit }) as string[];
  },

  /** How many visits dueVisits would find in all, and how many more an open incident holds back. */
  countDueVisits(db: Db, siteId: string, cutoff: string): { due: number; held: number } {
    return db.$client
      .prepare(
        `SELECT count(*) FILTER (WHERE NOT held) AS due, count(*) FILTER (WHERE held) AS held FROM (
           SELECT EXISTS (SELECT 1 FROM incidents i
                          WHERE ${OPEN_INCIDENT} AND (i.visit_id = v.id OR i.visitor_id = v.visitor_id)) AS held
           FROM visits v
           WHERE v.site_id = @siteId AND v.anonymised_at IS NULL
             AND (v.expected_at < @cutoff OR v.expected_at IS NULL)
             AND coalesce(v.checked_out_at, v.checked_in_at, v.expected_at, v.created_at) < @cutoff)`,
      )
      .get({ siteId, cutoff }) as { due: number; held: number };
  },

  /**
   * Visitors made before `cutoff` that still name someone and have no visit left that names them (their
   * visits were anonymised or never came), leaving those an open incident refers to.
   */
  dueVisitors(db: Db, cutoff: string, limit: number): string[] {
    return db.$client
      .prepare(
        `SELECT p.id FROM visitors p
         WHERE p.anonymised_at IS NULL AND p.created_at < @cutoff
           AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.visitor_id = p.id)
           AND NOT EXISTS (SELECT 1 FROM incidents i WHERE ${OPEN_INCIDENT} AND i.visitor_id = p.id)
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
   * Leaves nothing removed in the file: VACUUM rewrites it from its live rows (with secure_delete on, so
   * pages freed meanwhile are zeroed), the search index is rebuilt (VACUUM may renumber the visits' rowids
   * it is keyed by, migration 0007) and merged into one segment without deleted entries, and the WAL is
   * checkpointed and truncated. Not inside a transaction; takes a while on a large station.
   */
  compact(db: Db, nowIso: string): void {
    const sqlite = db.$client;
    const secure = sqlite.pragma('secure_delete', { simple: true }) as number;
    sqlite.pragma('secure_delete = ON');
    try {
      sqlite.exec('VACUUM');
      sqlite
        .transaction(() => {
          sqlite.exec(`DELETE FROM visit_search;
            INSERT INTO visit_search(rowid, visitor, company, host)
              SELECT v.rowid, p.name, coalesce(p.company, ''), coalesce(h.name, '')
              FROM visits v JOIN visitors p ON p.id = v.visitor_id LEFT JOIN hosts h ON h.id = v.host_id;
            INSERT INTO visit_search(visit_search) VALUES ('optimize');`);
        })
        .immediate();
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      settingsRepo.set(db, 'station', COMPACT_DUE_KEY, false, nowIso);
    } finally {
      sqlite.pragma(`secure_delete = ${secure ? 'ON' : 'OFF'}`);
    }
  },
};
