// The server's CSV import of a site's host directory: the plan is shared with admin desks
// (src/shared/hosts-csv.ts); applying it authors host ops at the server, which fan out to the site's
// stations like any other op.
import { newId } from '../shared/ids';
import { planHostCsv, HostCsvError, type ExistingHost, type HostCsvPlan } from '../shared/hosts-csv';
import { rowOf } from '../shared/merge';
import { SyncError } from '../shared/sync';
import type { CentralOp } from './central-op';
import type { SyncStore } from './store';

export type HostImportPlan = Omit<HostCsvPlan, 'upserts'> & { ops: CentralOp[] };

/**
 * Reads the CSV and works out the host ops that make the site's directory equal to it, with its problems
 * by line (a plan with any must not be applied). A file that is no host list at all is refused.
 */
export async function planHostImport(
  store: SyncStore,
  siteId: string,
  csv: string,
  now: string,
): Promise<HostImportPlan> {
  if (!(await store.site(siteId))) throw new SyncError('not_found', `There is no site ${siteId}.`);
  const existing: ExistingHost[] = [];
  for (const state of await store.entitiesInScope(siteId)) {
    const row = state.kind === 'host' && state.siteId === siteId && !state.deleted ? rowOf(state) : null;
    if (row)
      existing.push({
        id: String(row.id),
        name: String(row.name),
        email: (row.email as string | null) ?? null,
        phone: (row.phone as string | null) ?? null,
        department: (row.department as string | null) ?? null,
        active: row.active !== false,
      });
  }
  let plan: HostCsvPlan;
  try {
    plan = planHostCsv(csv, existing, { now, newId });
  } catch (error) {
    if (error instanceof HostCsvError) throw new SyncError('invalid_input', error.message);
    throw error;
  }
  const { upserts, ...summary } = plan;
  const ops = upserts.map(({ entityId, payload }): CentralOp => ({
    type: 'host.upsert',
    entityId,
    siteId,
    payload: { siteId, ...payload },
  }));
  return { ...summary, ops };
}
