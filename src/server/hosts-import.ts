// The host directory of a site from a CSV file (name, email, phone, department), so nobody types hosts by
// hand. A dry run lists what would change; applying it authors host ops at the server, which fan out to the
// site's stations like any other op. A host is matched by e-mail, or by name when it has none; hosts
// missing from the file are deactivated (not deleted: a later file may bring them back).
import Papa from 'papaparse';
import { z } from 'zod';
import { newId } from '../db/ids';
import { rowOf } from '../shared/merge';
import { SyncError } from '../shared/sync';
import { foldForSearch } from '../shared/text';
import type { CentralOp } from './service';
import type { SyncStore } from './store';

const MAX_ROWS = 20_000;
const FIELDS = ['name', 'email', 'phone', 'department'] as const;

const rowSchema = z.object({
  name: z.string().trim().min(1, 'a name is required').max(120),
  email: z
    .email('not an e-mail address')
    .max(200)
    .transform((e) => e.toLowerCase())
    .nullable(),
  phone: z.string().trim().max(40).nullable(),
  department: z.string().trim().max(120).nullable(),
});

export interface HostImportPlan {
  added: { name: string; email: string | null }[];
  changed: { id: string; name: string; fields: string[] }[];
  deactivated: { id: string; name: string }[];
  ops: CentralOp[];
}

const keyOf = (h: { name: string; email: string | null }) =>
  h.email ? `email:${h.email}` : `name:${foldForSearch(h.name)}`;

/** Reads the CSV and works out the host ops that make the site's directory equal to it. */
export async function planHostImport(
  store: SyncStore,
  siteId: string,
  csv: string,
  now: string,
): Promise<HostImportPlan> {
  if (!(await store.site(siteId))) throw new SyncError('not_found', `There is no site ${siteId}.`);
  const parsed = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const headers = parsed.meta.fields ?? [];
  if (!headers.includes('name'))
    throw new SyncError('invalid_input', 'The CSV needs a header row with at least a "name" column.');
  if (parsed.data.length > MAX_ROWS)
    throw new SyncError('invalid_input', `The CSV has more than ${MAX_ROWS} hosts.`);

  const problems: string[] = [];
  const wanted = new Map<string, z.output<typeof rowSchema>>();
  parsed.data.forEach((raw, i) => {
    const line = i + 2; // the header is line 1
    const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v.trim());
    const result = rowSchema.safeParse({
      name: raw.name ?? '',
      email: blank(raw.email),
      phone: blank(raw.phone),
      department: blank(raw.department),
    });
    if (!result.success) {
      problems.push(
        `line ${line}: ${result.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join(', ')}`,
      );
      return;
    }
    const key = keyOf(result.data);
    if (wanted.has(key))
      problems.push(`line ${line}: ${result.data.email ?? result.data.name} appears twice`);
    wanted.set(key, result.data);
  });
  if (problems.length > 0)
    throw new SyncError(
      'invalid_input',
      `The CSV has problems; nothing was changed. ${problems.slice(0, 10).join('; ')}.`,
    );

  const existing = new Map<string, Record<string, unknown> & { id: string }>();
  for (const state of await store.entitiesInScope(siteId)) {
    const row = state.kind === 'host' && state.siteId === siteId && !state.deleted ? rowOf(state) : null;
    if (row)
      existing.set(
        keyOf({ name: String(row.name), email: (row.email as string | null) ?? null }),
        row as never,
      );
  }

  const plan: HostImportPlan = { added: [], changed: [], deactivated: [], ops: [] };
  const upsert = (entityId: string, payload: Record<string, unknown>) =>
    plan.ops.push({ type: 'host.upsert', entityId, siteId, payload: { siteId, ...payload } });
  for (const [key, host] of wanted) {
    const current = existing.get(key);
    if (!current) {
      plan.added.push({ name: host.name, email: host.email });
      upsert(newId(), { ...host, searchName: foldForSearch(host.name), active: true, createdAt: now });
      continue;
    }
    const fields = FIELDS.filter((f) => (current[f] ?? null) !== host[f]);
    if (current.active === false) fields.push('active' as never);
    if (fields.length === 0) continue;
    plan.changed.push({ id: current.id, name: host.name, fields });
    upsert(current.id, { ...host, searchName: foldForSearch(host.name), active: true });
  }
  for (const [key, current] of existing) {
    if (wanted.has(key) || current.active === false) continue;
    plan.deactivated.push({ id: current.id, name: String(current.name) });
    upsert(current.id, { active: false });
  }
  return plan;
}
