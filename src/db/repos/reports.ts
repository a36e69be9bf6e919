// Report aggregates in SQL: a year of a busy site is hundreds of thousands of visits, so SQLite counts,
// groups and ranks them and only the groups (at most one per local hour) come back to JavaScript.
// Local time: SQLite knows no time zones, so the caller passes the site's UTC offsets over the range
// (they change at daylight-saving transitions) and each timestamp is shifted by the offset of its period.
import type { Db } from '../open';
import type { VisitStatus } from '../../shared/domain';

/** The UTC offset in force before `until` (an ISO instant; null: to the end), as an SQLite modifier. */
export interface OffsetPeriod {
  until: string | null;
  modifier: string;
}

export interface ReportQuery {
  siteId: string;
  /** UTC instants [from, to) of the range's local days. */
  from: string;
  to: string;
  visitorTypeId: string | null;
  hostId: string | null;
  offsets: OffsetPeriod[];
}

/** `column` as the site's local 'YYYY-MM-DD HH:MM:SS'. */
function local(column: string, offsets: OffsetPeriod[]): string {
  const cases = offsets
    .slice(0, -1)
    .map((_, i) => `WHEN ${column} < @until${i} THEN @offset${i}`)
    .join(' ');
  const last = `@offset${offsets.length - 1}`;
  return `datetime(${column}, ${cases ? `CASE ${cases} ELSE ${last} END` : last})`;
}

function params(q: ReportQuery): Record<string, unknown> {
  const out: Record<string, unknown> = {
    siteId: q.siteId,
    from: q.from,
    to: q.to,
    visitorTypeId: q.visitorTypeId,
    hostId: q.hostId,
  };
  q.offsets.forEach((o, i) => {
    out[`offset${i}`] = o.modifier;
    if (o.until) out[`until${i}`] = o.until;
  });
  return out;
}

// Visits of the range are those expected on its days (walk-ins are expected the moment they arrive), so
// the (site_id, expected_at) index finds them.
const VISITS_OF_RANGE = `
  FROM visits v
  WHERE v.site_id = @siteId AND v.expected_at >= @from AND v.expected_at < @to
    AND (@visitorTypeId IS NULL OR v.visitor_type_id = @visitorTypeId)
    AND (@hostId IS NULL OR v.host_id = @hostId)`;

export interface ReportGroupRow {
  day: string;
  bucket: string | null;
  visits: number;
  arrivals: number;
  noShows: number;
  dwellCount: number;
  dwellSum: number;
  dwellMax: number | null;
}

export interface LogSqlRow {
  id: string;
  status: VisitStatus;
  expected_at: string | null;
  checked_in_at: string | null;
  checked_out_at: string | null;
  visitor_name: string;
  visitor_company: string | null;
  host_name: string | null;
  type_names: string | null;
}

export interface ExceptionSqlRow {
  at: string;
  kind: 'watchlist_hit' | 'refused_scan' | 'gate_override' | 'capacity_override';
  visit_id: string | null;
  visitor_name: string | null;
  detail: string | null;
}

/** The exceptions of the range as rows `x`, joined to their visit (v) for the filters. */
const exceptionsSelect = (columns: string) => `
  WITH x AS (
    SELECT g.occurred_at AS at, CASE WHEN g.granted THEN 'gate_override' ELSE 'refused_scan' END AS kind,
           g.visit_id, NULL AS visitor_id, g.reason AS detail
    FROM gate_events g
    WHERE g.site_id = @siteId AND g.occurred_at >= @from AND g.occurred_at < @to
      AND (g.granted = 0 OR g.override_by IS NOT NULL)
    UNION ALL
    SELECT i.created_at, 'watchlist_hit', i.visit_id, i.visitor_id, i.title
    FROM incidents i
    WHERE i.site_id = @siteId AND i.kind = 'watchlist' AND i.created_at >= @from AND i.created_at < @to
    UNION ALL
    -- The desk's approvals over capacity are in this station's audit log (assertCapacity records them).
    SELECT a.at, 'capacity_override', json_extract(a.details, '$.visitId'), NULL, NULL
    FROM audit_entries a
    WHERE a.outcome = 'ok' AND a.action IN ('visits.admit', 'visits.walkIn')
      AND json_extract(a.details, '$.overCapacity') IS NOT NULL AND a.at >= @from AND a.at < @to
  )
  SELECT ${columns}
  FROM x
  LEFT JOIN visits v ON v.id = x.visit_id
  LEFT JOIN visitors p ON p.id = v.visitor_id
  LEFT JOIN visitors pi ON pi.id = x.visitor_id
  WHERE (@visitorTypeId IS NULL OR v.visitor_type_id = @visitorTypeId)
    AND (@hostId IS NULL OR v.host_id = @hostId)`;

export const reportsRepo = {
  /**
   * One pass over the range: per local day of the expected time and local hour of check-in ('YYYY-MM-DD
   * HH', null when the visitor never came), the visits, arrivals, no-shows and dwell count, sum and max.
   */
  groups(db: Db, q: ReportQuery): ReportGroupRow[] {
    return db.$client
      .prepare(
        `SELECT date(${local('v.expected_at', q.offsets)}) AS day,
                strftime('%Y-%m-%d %H', ${local('v.checked_in_at', q.offsets)}) AS bucket,
                count(*) AS visits, sum(v.checked_in_at IS NOT NULL) AS arrivals,
                sum(v.status = 'no_show') AS noShows,
                count(v.dwell) AS dwellCount, total(v.dwell) AS dwellSum, max(v.dwell) AS dwellMax
         FROM (SELECT v.*, (julianday(v.checked_out_at) - julianday(v.checked_in_at)) * 1440 AS dwell
               ${VISITS_OF_RANGE}) v
         GROUP BY day, bucket`,
      )
      .all(params(q)) as ReportGroupRow[];
  },

  /** The dwell minutes at the given 1-based ranks (shortest first), in one sort. */
  dwellAtRanks(db: Db, q: ReportQuery, ranks: number[]): Map<number, number> {
    const rows = db.$client
      .prepare(
        `SELECT r, m FROM (
           SELECT (julianday(v.checked_out_at) - julianday(v.checked_in_at)) * 1440 AS m,
                  row_number() OVER (ORDER BY julianday(v.checked_out_at) - julianday(v.checked_in_at)) AS r
           ${VISITS_OF_RANGE} AND v.checked_in_at IS NOT NULL AND v.checked_out_at IS NOT NULL)
         WHERE r IN (SELECT value FROM json_each(@ranks))`,
      )
      .all({ ...params(q), ranks: JSON.stringify(ranks) }) as { r: number; m: number }[];
    return new Map(rows.map((row) => [row.r, row.m]));
  },

  /** The visitor log, by expected time; `limit` rows at most. */
  log(db: Db, q: ReportQuery, limit: number): LogSqlRow[] {
    return db.$client
      .prepare(
        `SELECT v.id, v.status, v.expected_at, v.checked_in_at, v.checked_out_at,
                p.name AS visitor_name, p.company AS visitor_company, h.name AS host_name, t.names AS type_names
         FROM (SELECT v.* ${VISITS_OF_RANGE}) v
         JOIN visitors p ON p.id = v.visitor_id
         LEFT JOIN hosts h ON h.id = v.host_id
         LEFT JOIN visitor_types t ON t.id = v.visitor_type_id
         ORDER BY v.expected_at, v.id
         LIMIT @limit`,
      )
      .all({ ...params(q), limit }) as LogSqlRow[];
  },

  exceptionCounts(db: Db, q: ReportQuery): { kind: ExceptionSqlRow['kind']; n: number }[] {
    return db.$client
      .prepare(`${exceptionsSelect('x.kind, count(*) AS n')} GROUP BY x.kind`)
      .all(params(q)) as { kind: ExceptionSqlRow['kind']; n: number }[];
  },

  /** Newest first. */
  exceptions(db: Db, q: ReportQuery, limit: number): ExceptionSqlRow[] {
    return db.$client
      .prepare(
        `${exceptionsSelect('x.at, x.kind, x.visit_id, coalesce(p.name, pi.name) AS visitor_name, x.detail')}
         ORDER BY x.at DESC LIMIT @limit`,
      )
      .all({ ...params(q), limit }) as ExceptionSqlRow[];
  },
};
