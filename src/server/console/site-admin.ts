// A site's settings and staff accounts from the console (docs/console.md#site-settings-and-staff). The
// console records the very ops a desk of the site records — `site.settings` and `staff.upsert` — authored
// by the server, so every station of that site (and no other) applies them at its next sync through the
// existing merge kinds (src/shared/merge.ts siteSettings and staff). Input is checked with the desk's own
// schemas (src/shared/settings.ts, src/shared/api/admin.ts); a secret reaches the op log only as the KDF
// hash the stations store (src/node/secrets.ts). Each change is audited with the administrator who made it,
// in the same transaction as its op.
import { z } from 'zod';
import { staffSecretColumns } from '../../node/secrets';
import { adminMethods, type StaffAccount } from '../../shared/api/admin';
import { ApiError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import { rowOf } from '../../shared/merge';
import {
  readStoredSettings,
  siteSettingsPatchSchema,
  siteSettingsSchema,
  type SiteSettings,
} from '../../shared/settings';
import type { SiteInfo } from '../../shared/sync';
import { sameName } from '../../shared/text';
import { LANGUAGES } from '../../shared/vocabulary';
import { createSiteSchema, parse, type SyncService } from '../service';
import type { SyncStore } from '../store';

// Zone limits name the site's zones, which only its stations know: they are set at a desk of the site.
const settingsPatchSchema = siteSettingsPatchSchema
  .omit({ zoneCapacities: true })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'change at least one setting');
const addStaffSchema = adminMethods['staff.add'].input;
const updateStaffSchema = adminMethods['staff.update'].input
  .omit({ userId: true })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'change at least one thing');
const secretSchema = adminMethods['staff.resetSecret'].input.omit({ userId: true });
// The time zone and language may be left to the template's; the whole is checked by createSiteSchema.
const newSiteSchema = z
  .object({
    name: createSiteSchema.shape.name,
    timezone: z.string().max(64).optional(),
    defaultLanguage: z.enum(LANGUAGES).optional(),
    templateSiteId: z.string().min(1).max(64).nullable().optional(),
  })
  .strict();

export class ConsoleSiteAdmin {
  constructor(
    private readonly service: SyncService,
    private readonly store: SyncStore,
    private readonly now: () => Date,
  ) {}

  /**
   * A new site with a setup code for its first admin: the default visitor types and documents, or a
   * template site's with its settings (../site-template.ts). Refused, with nothing created: an unknown
   * template, a name another site has (letter case and accents aside).
   */
  async createSite(body: unknown, by: string): Promise<SiteInfo & { setupCode?: string }> {
    const { templateSiteId, ...input } = parse(newSiteSchema, body);
    const template = templateSiteId ? await this.store.site(templateSiteId) : null;
    if (templateSiteId && !template)
      throw new ApiError('not_found', `There is no site ${templateSiteId} to copy.`);
    if ((await this.store.listSites()).some((site) => sameName(site.name, input.name)))
      throw new ApiError('conflict', `There is already a site named ${input.name}.`);
    // A site from a template is in the template's time zone and language unless told otherwise.
    return this.service.createSite(
      {
        ...input,
        timezone: input.timezone || template?.timezone,
        defaultLanguage: input.defaultLanguage ?? template?.defaultLanguage,
        starter: true,
      },
      { templateSiteId: template?.id, by, action: 'console.site_create' },
    );
  }

  /** The site's settings as its stations apply them (defaults filled in). */
  async settings(siteId: string): Promise<SiteSettings> {
    const { id: _id, ...stored } =
      (await this.rows(siteId, 'siteSettings')).find((r) => r.id === siteId) ?? {};
    return readStoredSettings(stored);
  }

  /** Changes some of the site's settings (the others keep their values); answers them all. */
  async updateSettings(siteId: string, body: unknown, by: string): Promise<SiteSettings> {
    const current = await this.settings(siteId);
    const patch = parse(settingsPatchSchema, body);
    // The whole must still hold together (a PIN range, a window): checked as the desk checks it.
    parse(siteSettingsSchema, { ...current, ...patch });
    await this.author(
      { type: 'site.settings', entityId: siteId, siteId, payload: patch },
      'console.site_settings',
      { siteId, fields: Object.keys(patch).sort(), by },
    );
    return this.settings(siteId);
  }

  /** The site's staff accounts, by name. */
  async staff(siteId: string): Promise<StaffAccount[]> {
    return (await this.rows(siteId, 'staff'))
      .map(staffView)
      .sort((a, b) => a.name.localeCompare(b.name) || a.login.localeCompare(b.login));
  }

  /** A new staff account with its first PIN or password (hashed here, never sent or kept in clear). */
  async addStaff(siteId: string, body: unknown, by: string): Promise<StaffAccount> {
    const input = parse(addStaffSchema, body);
    const existing = await this.staff(siteId);
    if (existing.some((s) => s.login === input.login))
      throw new ApiError('conflict', `The sign-in name ${input.login} is taken at this site.`);
    const secret = await this.secretColumns(siteId, input.secret);
    const id = newId();
    const at = this.now().toISOString();
    const row = {
      siteId,
      name: input.name,
      login: input.login,
      email: input.email,
      role: input.role,
      active: true,
      ...secret,
      createdAt: at,
      updatedAt: at,
    };
    await this.author({ type: 'staff.upsert', entityId: id, siteId, payload: row }, 'console.staff_add', {
      siteId,
      staffId: id,
      login: input.login,
      role: input.role,
      by,
    });
    return this.one(siteId, id);
  }

  /** Changes a staff account's name, role or whether it may sign in; the site keeps an active admin. */
  async updateStaff(siteId: string, staffId: string, body: unknown, by: string): Promise<StaffAccount> {
    const patch = parse(updateStaffSchema, body);
    const all = await this.staff(siteId);
    const user = all.find((s) => s.id === staffId);
    if (!user) throw new ApiError('not_found', `There is no staff account ${staffId} at this site.`);
    const stillAdmin = (patch.role ?? user.role) === 'admin' && (patch.active ?? user.active);
    const otherAdmins = all.filter((u) => u.id !== user.id && u.role === 'admin' && u.active);
    if (user.role === 'admin' && user.active && !stillAdmin && otherAdmins.length === 0)
      throw new ApiError(
        'conflict',
        `${user.name} is the last admin of this site; make someone else admin first.`,
      );
    const at = this.now().toISOString();
    await this.author(
      { type: 'staff.upsert', entityId: staffId, siteId, payload: { siteId, ...patch, updatedAt: at } },
      'console.staff_update',
      { siteId, staffId, ...patch, by },
    );
    return this.one(siteId, staffId);
  }

  /** A new PIN or password, which becomes the account's only secret; stations end its sessions. */
  async resetSecret(siteId: string, staffId: string, body: unknown, by: string): Promise<StaffAccount> {
    const { secret } = parse(secretSchema, body);
    await this.one(siteId, staffId);
    const columns = await this.secretColumns(siteId, secret);
    const at = this.now().toISOString();
    await this.author(
      { type: 'staff.upsert', entityId: staffId, siteId, payload: { siteId, ...columns, updatedAt: at } },
      'console.staff_secret',
      { siteId, staffId, kind: secret.kind, by },
    );
    return this.one(siteId, staffId);
  }

  private async one(siteId: string, staffId: string): Promise<StaffAccount> {
    const user = (await this.staff(siteId)).find((s) => s.id === staffId);
    if (!user) throw new ApiError('not_found', `There is no staff account ${staffId} at this site.`);
    return user;
  }

  /** As a desk hashes it (src/node/secrets.ts): a PIN of the site's length, or a password. */
  private async secretColumns(siteId: string, secret: { kind: 'pin' | 'password'; value: string }) {
    return staffSecretColumns(secret, (await this.settings(siteId)).pinLength);
  }

  /** The rows of one kind of the site's entities, as its stations keep them. */
  private async rows(siteId: string, kind: 'siteSettings' | 'staff'): Promise<Record<string, unknown>[]> {
    if (!(await this.store.site(siteId))) throw new ApiError('not_found', `There is no site ${siteId}.`);
    return (await this.store.siteEntities(siteId, [kind])).flatMap((state) => {
      const row = rowOf(state);
      return row ? [row] : [];
    });
  }

  /** Authors one op as the server, its audit entry in the same transaction; refused: nothing changed. */
  private async author(
    op: { type: string; entityId: string; siteId: string; payload: Record<string, unknown> },
    action: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    const response = await this.service.authorAs([op], [{ at: this.now().toISOString(), action, details }]);
    const refused = response.rejected[0];
    if (refused || response.quarantined.length)
      throw new ApiError('invalid_input', `The change was refused: ${refused?.message ?? 'quarantined'}.`);
  }
}

const staffView = (row: Record<string, unknown>): StaffAccount => ({
  id: String(row.id),
  name: String(row.name),
  login: String(row.login),
  email: (row.email as string | null) ?? null,
  role: row.role as StaffAccount['role'],
  active: row.active !== false,
  hasPin: typeof row.pinHash === 'string',
  hasPassword: typeof row.passwordHash === 'string',
});
