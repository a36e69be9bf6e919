// The host directory of a site from a CSV file (name, email, phone, department): the server's import and an
// admin desk's import share this plan, so both read a file the same way and agree on what it changes. A host
// is matched by e-mail, or by name when it has none; hosts missing from the file are deactivated (not
// deleted: a later file may bring them back).
import Papa from 'papaparse';
import { z } from 'zod';
import { foldForSearch } from './text';

export const MAX_HOST_ROWS = 20_000;
export const HOST_FIELDS = ['name', 'email', 'phone', 'department'] as const;

/** One host as an admin types it or a CSV row gives it. */
export const hostFieldsSchema = z.object({
  name: z.string().trim().min(1, 'a name is required').max(120),
  email: z
    .email('not an e-mail address')
    .max(200)
    .transform((e) => e.toLowerCase())
    .nullable(),
  phone: z.string().trim().max(40).nullable(),
  department: z.string().trim().max(120).nullable(),
});
export type HostFields = z.output<typeof hostFieldsSchema>;

/** What the plan needs of a host already in the directory. */
export interface ExistingHost {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  department: string | null;
  active: boolean;
}

export interface HostCsvPlan {
  added: { name: string; email: string | null }[];
  changed: { id: string; name: string; fields: string[] }[];
  deactivated: { id: string; name: string }[];
  /** Problems by line (the header is line 1); a plan with any must not be applied. */
  problems: HostCsvProblem[];
  /** The host.upsert payloads that make the directory equal to the file. */
  upserts: { entityId: string; payload: Record<string, unknown> }[];
}

/** What is wrong with one field of one line; `code` names it for a translation. */
export interface HostCsvProblem {
  line: number;
  field: (typeof HOST_FIELDS)[number];
  code: 'required' | 'invalid_format' | 'too_long' | 'duplicate';
  message: string;
}

const problemCode = (issue: z.core.$ZodIssue): HostCsvProblem['code'] =>
  issue.code === 'too_small' ? 'required' : issue.code === 'too_big' ? 'too_long' : 'invalid_format';

/** Thrown for a file that is not a host list at all (no name column, too many rows). */
export class HostCsvError extends Error {}

export const hostKey = (h: { name: string; email: string | null }) =>
  h.email ? `email:${h.email}` : `name:${foldForSearch(h.name)}`;

/** Reads the CSV and works out the host upserts that make the directory (`existing`) equal to it. */
export function planHostCsv(
  csv: string,
  existing: readonly ExistingHost[],
  options: { now: string; newId: () => string },
): HostCsvPlan {
  const parsed = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  if (!(parsed.meta.fields ?? []).includes('name'))
    throw new HostCsvError('The CSV needs a header row with at least a "name" column.');
  if (parsed.data.length > MAX_HOST_ROWS)
    throw new HostCsvError(`The CSV has more than ${MAX_HOST_ROWS} hosts.`);

  const plan: HostCsvPlan = { added: [], changed: [], deactivated: [], problems: [], upserts: [] };
  const wanted = new Map<string, HostFields>();
  const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v.trim());
  parsed.data.forEach((raw, i) => {
    const line = i + 2; // the header is line 1
    const result = hostFieldsSchema.safeParse({
      name: raw.name ?? '',
      email: blank(raw.email),
      phone: blank(raw.phone),
      department: blank(raw.department),
    });
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = issue.path[0] as HostCsvProblem['field'];
        plan.problems.push({ line, field, code: problemCode(issue), message: `${field} ${issue.message}` });
      }
      return;
    }
    const key = hostKey(result.data);
    if (wanted.has(key))
      plan.problems.push({
        line,
        field: result.data.email ? 'email' : 'name',
        code: 'duplicate',
        message: `${result.data.email ?? result.data.name} appears twice`,
      });
    wanted.set(key, result.data);
  });

  const current = new Map(existing.map((h) => [hostKey(h), h]));
  const upsert = (entityId: string, payload: Record<string, unknown>) =>
    plan.upserts.push({ entityId, payload });
  for (const [key, host] of wanted) {
    const found = current.get(key);
    if (!found) {
      plan.added.push({ name: host.name, email: host.email });
      upsert(options.newId(), {
        ...host,
        searchName: foldForSearch(host.name),
        active: true,
        createdAt: options.now,
      });
      continue;
    }
    const fields: string[] = HOST_FIELDS.filter((f) => found[f] !== host[f]);
    if (!found.active) fields.push('active');
    if (fields.length === 0) continue;
    plan.changed.push({ id: found.id, name: host.name, fields });
    upsert(found.id, { ...host, searchName: foldForSearch(host.name), active: true });
  }
  for (const [key, found] of current) {
    if (wanted.has(key) || !found.active) continue;
    plan.deactivated.push({ id: found.id, name: found.name });
    upsert(found.id, { active: false });
  }
  return plan;
}
