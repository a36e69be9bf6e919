// Running a site from the desk, for admins only: the host directory (with a CSV import previewed before it
// is applied), visitor types with their fields, rules and document versions, and staff users and roles.
// Hosts and visitor types are central data: a desk's changes go to the sync server as ops like the server's.
import { z } from 'zod';
import { method } from '../contract';
import { customFieldDefSchema, PHOTO_RULES, staffRoleSchema } from '../domain';
import { HOST_FIELDS, hostFieldsSchema } from '../hosts-csv';
import { visitorTypeSchema } from './directory';

const ADMIN: ['admin'] = ['admin'];
const id = z.string().min(1);
const texts = z.record(z.string(), z.string().trim().max(20_000));

export const hostAdminSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  department: z.string().nullable(),
  active: z.boolean(),
});

const hostInput = hostFieldsSchema.extend({
  email: hostFieldsSchema.shape.email.optional().default(null),
  phone: hostFieldsSchema.shape.phone.optional().default(null),
  department: hostFieldsSchema.shape.department.optional().default(null),
});

export const documentVersionSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  titles: z.record(z.string(), z.string()),
  bodies: z.record(z.string(), z.string()),
  createdAt: z.string(),
});

/** Days a visitor type keeps its visits' personal data, instead of the site's retention (issue #15). */
export const typeRetentionDaysSchema = z.number().int().min(1).max(3650).nullable();

export const visitorTypeAdminSchema = visitorTypeSchema.extend({
  active: z.boolean(),
  retentionDays: typeRetentionDaysSchema,
  /** Each document the type requires, its versions newest first (the kiosk signs the first). */
  documents: z.array(z.object({ key: z.string(), versions: z.array(documentVersionSchema) })),
});

const visitorTypeInput = z.object({
  names: z
    .record(z.string(), z.string().trim().max(60))
    .refine((n) => Boolean(n.en?.trim()), { message: 'An English name is required.', path: ['en'] }),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #RRGGBB'),
  photo: z.enum(PHOTO_RULES),
  requiresId: z.boolean(),
  requiresApproval: z.boolean(),
  /** Absent: unchanged (a new type: the site's); null: the site's. */
  retentionDays: typeRetentionDaysSchema.optional(),
  customFields: z
    .array(customFieldDefSchema)
    .max(20)
    .refine((f) => new Set(f.map((d) => d.key)).size === f.length, 'each field needs its own key'),
});

export const staffAdminSchema = z.object({
  id: z.string(),
  name: z.string(),
  login: z.string(),
  email: z.string().nullable(),
  role: staffRoleSchema,
  active: z.boolean(),
  hasPin: z.boolean(),
  hasPassword: z.boolean(),
});

/** A staff account as an admin sees it (a desk, the server's console): never a hash. */
export type StaffAccount = z.infer<typeof staffAdminSchema>;

/** A staff sign-in name, as typed (trimmed, lower case). */
export const staffLoginSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{2,40}$/, '2 to 40 letters, digits, dots, dashes');

/** A new PIN (digits, the site's length) or password (at least 10 characters). */
const secretInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pin'), value: z.string().regex(/^\d{4,8}$/, 'a PIN of 4 to 8 digits') }),
  z.object({ kind: z.literal('password'), value: z.string().min(10).max(200) }),
]);

const hostPlanSchema = z.object({
  dryRun: z.boolean(),
  added: z.array(z.object({ name: z.string(), email: z.string().nullable() })),
  changed: z.array(z.object({ id: z.string(), name: z.string(), fields: z.array(z.string()) })),
  deactivated: z.array(z.object({ id: z.string(), name: z.string() })),
  problems: z.array(
    z.object({
      line: z.number().int(),
      field: z.enum(HOST_FIELDS),
      code: z.enum(['required', 'invalid_format', 'too_long', 'duplicate']),
      message: z.string(),
    }),
  ),
});

export const adminMethods = {
  'hosts.list': method({
    summary: "The site's host directory for admins, inactive hosts included, optionally filtered by name.",
    roles: ADMIN,
    writes: false,
    input: z.object({
      query: z.string().trim().max(100).default(''),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
    /** `more`: further hosts match; a longer query narrows the list. */
    output: z.object({ hosts: z.array(hostAdminSchema), more: z.boolean() }),
  }),
  'hosts.save': method({
    summary:
      'Adds a host, or sets all the details of one (hostId; a detail left out is cleared); sent to the sync server as a host op.',
    roles: ADMIN,
    writes: true,
    input: hostInput.extend({ hostId: id.optional() }),
    output: hostAdminSchema,
  }),
  'hosts.setActive': method({
    summary: 'Deactivates a host (kept for past visits, no longer offered) or brings one back.',
    roles: ADMIN,
    writes: true,
    input: z.object({ hostId: id, active: z.boolean() }),
    output: hostAdminSchema,
  }),
  'hosts.importCsv': method({
    summary:
      'Makes the host directory equal to a CSV (name, email, phone, department). With dryRun it only lists what would be added, changed and deactivated and the problems by line; otherwise it applies all of it or, with any problem, nothing.',
    roles: ADMIN,
    writes: true,
    input: z.object({ csv: z.string().min(1).max(5_000_000), dryRun: z.boolean().default(true) }),
    output: hostPlanSchema,
  }),
  'visitorTypes.adminList': method({
    summary: "Every visitor type of the site for admins, with its fields, rules and documents' versions.",
    roles: ADMIN,
    writes: false,
    input: z.object({}),
    output: z.object({ types: z.array(visitorTypeAdminSchema) }),
  }),
  'visitorTypes.save': method({
    summary: 'Adds a visitor type, or changes one (typeId): names, colour, rules and custom fields.',
    roles: ADMIN,
    writes: true,
    input: visitorTypeInput.extend({ typeId: id.optional(), active: z.boolean().default(true) }),
    output: visitorTypeAdminSchema,
  }),
  'visitorTypes.addDocumentVersion': method({
    summary:
      'Publishes a new version of a document (e.g. the NDA) of a visitor type, its title and text per language; older versions stay as they were.',
    roles: ADMIN,
    writes: true,
    input: z.object({
      typeId: id,
      key: z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _'),
      titles: texts.refine((t) => Boolean(t.en?.trim()), {
        message: 'An English title is required.',
        path: ['en'],
      }),
      bodies: texts.refine((b) => Boolean(b.en?.trim()), {
        message: 'An English text is required.',
        path: ['en'],
      }),
    }),
    output: visitorTypeAdminSchema,
  }),
  'staff.list': method({
    summary: 'The staff users of the site with their roles (never their PINs or passwords).',
    roles: ADMIN,
    writes: false,
    input: z.object({}),
    output: z.object({ users: z.array(staffAdminSchema) }),
  }),
  'staff.add': method({
    summary: 'Adds a staff user with a role and a first PIN or password.',
    roles: ADMIN,
    writes: true,
    effect: true,
    input: z.object({
      name: z.string().trim().min(1).max(120),
      login: staffLoginSchema,
      email: z.email().max(200).nullable().default(null),
      role: staffRoleSchema,
      secret: secretInput,
    }),
    output: staffAdminSchema,
  }),
  'staff.update': method({
    summary:
      'Changes a staff user’s name, role or whether they may sign in; the last active admin stays one.',
    roles: ADMIN,
    writes: true,
    input: z.object({
      userId: id,
      name: z.string().trim().min(1).max(120).optional(),
      role: staffRoleSchema.optional(),
      active: z.boolean().optional(),
    }),
    output: staffAdminSchema,
  }),
  'staff.resetSecret': method({
    summary:
      'Sets a new PIN or password for a staff user, which becomes their only secret (the other kind is cleared), ends their open sessions and unlocks the account.',
    roles: ADMIN,
    writes: true,
    effect: true,
    input: z.object({ userId: id, secret: secretInput }),
    output: staffAdminSchema,
  }),
};
