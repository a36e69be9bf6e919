// Retention at the sync server (issue #15): the server anonymises its own copies of a site's visits and
// visitors older than the site's retention period (or their visitor type's) even when no desk of the site
// runs the nightly job any more (all gone, or offline for good). It authors the same anonymise ops a desk
// would (src/main/privacy/anonymise.ts), so the store scrubs its log and copies as for a desk's, and a
// station that comes back applies them. It waits a grace period past the cutoff so a working desk, which
// runs the job nightly, normally does it first; an entity anonymised twice stays anonymised once.
// Exempt as at the desk: what an open incident refers to, and what a legal hold not released covers.
import { ANONYMOUS_VISITOR_FIELD, isAnonymised, rowOf, type EntityState } from '../shared/merge';
import { DEFAULT_SITE_SETTINGS } from '../shared/settings';
import type { SyncService } from './service';

/** Days past a cutoff the server leaves to the site's desks before it anonymises itself. */
export const SERVER_RETENTION_GRACE_DAYS = 2;
/** Anonymise ops authored in one push: a large backlog is worked off in bounded batches. */
export const SERVER_RETENTION_BATCH = 500;

const DAY_MS = 86_400_000;
type Row = Record<string, unknown>;

export interface SiteRetention {
  siteId: string;
  anonymisedVisits: number;
  anonymisedVisitors: number;
  /** Visits past their cutoff left alone: an open incident or a legal hold refers to them. */
  heldVisits: number;
}

const rowsOf = (states: EntityState[]) =>
  states
    .map((s) => ({ state: s, row: rowOf(s) }))
    .filter((e): e is { state: EntityState; row: Row } => !!e.row);

/** The visit's latest time (check-out, else check-in, expected or made), as the desk's job reads it. */
const lastTime = (v: Row) => String(v.checkedOutAt ?? v.checkedInAt ?? v.expectedAt ?? v.createdAt ?? '');

/**
 * What is due at one site at `now`: visits older than their cutoff plus the grace, then the visitors
 * made before the latest cutoff that no remaining visit names. Pure over the site's entity states.
 */
export function dueAtSite(
  siteId: string,
  states: EntityState[],
  now: Date,
  graceDays = SERVER_RETENTION_GRACE_DAYS,
): { visits: string[]; visitors: string[]; heldVisits: number; anonymousExists: boolean } {
  const byKind = (kind: EntityState['kind']) => rowsOf(states.filter((s) => s.kind === kind));
  const settings = byKind('siteSettings')[0]?.row ?? {};
  const siteDays =
    typeof settings.retentionDays === 'number' ? settings.retentionDays : DEFAULT_SITE_SETTINGS.retentionDays;
  const cutoff = (days: number) => new Date(now.getTime() - (days + graceDays) * DAY_MS).toISOString();
  const typeCutoff = new Map(
    byKind('visitorType')
      .filter((t) => typeof t.row.retentionDays === 'number')
      .map((t) => [t.row.id as string, cutoff(t.row.retentionDays as number)]),
  );
  const siteCutoff = cutoff(siteDays);
  const latestCutoff = [siteCutoff, ...typeCutoff.values()].reduce((a, b) => (b > a ? b : a));

  const heldVisits = new Set<unknown>();
  const heldVisitors = new Set<unknown>();
  const holds = [
    ...byKind('incident').filter(({ row }) => row.status !== 'closed'),
    ...byKind('legalHold').filter(({ row }) => row.releasedAt === null),
  ];
  for (const { row } of holds) {
    if (row.visitId) heldVisits.add(row.visitId);
    if (row.visitorId) heldVisitors.add(row.visitorId);
  }

  const visits = byKind('visit');
  const due: string[] = [];
  let held = 0;
  const named = new Set<unknown>();
  for (const { state, row } of visits) {
    if (isAnonymised(state)) continue;
    const limit = typeCutoff.get(row.visitorTypeId as string) ?? siteCutoff;
    if (lastTime(row) < limit) {
      if (heldVisits.has(row.id) || heldVisitors.has(row.visitorId)) held++;
      else {
        due.push(row.id as string);
        continue;
      }
    }
    named.add(row.visitorId);
  }
  const anonymous = `anonymous-${siteId}`;
  const visitors = byKind('visitor')
    .filter(
      ({ state, row }) =>
        !isAnonymised(state) &&
        row.id !== anonymous &&
        String(row.createdAt) < latestCutoff &&
        !named.has(row.id) &&
        !heldVisitors.has(row.id),
    )
    .map(({ row }) => row.id as string);
  const anonymousExists = states.some((s) => s.kind === 'visitor' && s.id === anonymous);
  return { visits: due, visitors, heldVisits: held, anonymousExists };
}

/**
 * Runs retention at every site the server keeps; returns what it did per site. Several instances on one
 * PostgreSQL database run it one at a time (`SyncStore.exclusive`): an instance that finds another
 * running it skips this round and answers null; the next round finds what is left, if anything.
 */
export async function runServerRetention(service: SyncService, now: Date): Promise<SiteRetention[] | null> {
  const { store } = service;
  if (!store.exclusive) return retainAtEverySite(service, now);
  let done: SiteRetention[] | null = null;
  await store.exclusive('retention', async () => {
    done = await retainAtEverySite(service, now);
  });
  return done;
}

async function retainAtEverySite(service: SyncService, now: Date): Promise<SiteRetention[]> {
  const done: SiteRetention[] = [];
  for (const site of await service.store.listSites()) {
    const states = await service.store.siteEntities(site.id, [
      'visit',
      'visitor',
      'visitorType',
      'siteSettings',
      'incident',
      'legalHold',
    ]);
    const due = dueAtSite(site.id, states, now);
    const at = now.toISOString();
    const anonymous = `anonymous-${site.id}`;
    const ops = [
      ...(due.visits.length > 0 && !due.anonymousExists
        ? [{ type: 'visitor.anonymise', entityId: anonymous, payload: { anonymisedAt: at, createdAt: at } }]
        : []),
      ...due.visits.map((id) => ({
        type: 'visit.anonymise',
        entityId: id,
        payload: { anonymisedAt: at, [ANONYMOUS_VISITOR_FIELD]: anonymous },
      })),
      ...due.visitors.map((id) => ({
        type: 'visitor.anonymise',
        entityId: id,
        payload: { anonymisedAt: at },
      })),
    ];
    for (let i = 0; i < ops.length; i += SERVER_RETENTION_BATCH)
      await service.authorAs(
        ops.slice(i, i + SERVER_RETENTION_BATCH).map((op) => ({ ...op, siteId: site.id })),
      );
    const result = {
      siteId: site.id,
      anonymisedVisits: due.visits.length,
      anonymisedVisitors: due.visitors.length,
      heldVisits: due.heldVisits,
    };
    // Counts and the rule, never whom (the admin audit keeps no personal data).
    if (ops.length > 0)
      await service.store.appendAdminAudit({ at, action: 'retention.run', details: { ...result } });
    done.push(result);
  }
  return done;
}
