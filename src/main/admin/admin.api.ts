// Admin at the desk: the host directory, visitor types and their document versions, staff users. All are
// central kinds (src/shared/merge.ts): this desk changes its own rows and records the same op the server
// would author, so the change reaches every station of the site. A staff account travels with its secrets
// as KDF hashes only. Documents are never edited: a change is a new version, and the kiosk signs the newest.
import { newId } from '../../shared/ids';
import { hostsRepo, staffRepo, visitorTypesRepo, type HostRow } from '../../db/repos/directory';
import type { NewHostRow, StaffUserRow, VisitorTypeRow } from '../../db/repos/directory';
import { ApiError } from '../../shared/errors';
import { HostCsvError, planHostCsv } from '../../shared/hosts-csv';
import { foldForSearch } from '../../shared/text';
import type { SiteRow } from '../../db/repos/sites';
import { defineHandlers, type CallContext } from '../core/context';
import { recordChange } from '../core/outbox';
import { staffSecretColumns } from '../../node/secrets';
import { visitorTypeView } from '../directory/directory.api';
import { requireSite, siteSettings } from '../core/site';

const hostView = (h: HostRow) => ({
  id: h.id,
  name: h.name,
  email: h.email,
  phone: h.phone,
  department: h.department,
  active: h.active,
});

function requireHost(ctx: CallContext, site: SiteRow, hostId: string): HostRow {
  const host = hostsRepo.get(ctx.station.db, hostId);
  if (!host || host.siteId !== site.id) throw new ApiError('not_found', 'That host does not exist.');
  return host;
}

/** Changes or adds a host row and records the host op for sync. */
function upsertHost(ctx: CallContext, site: SiteRow, hostId: string, patch: Record<string, unknown>) {
  const { db } = ctx.station;
  const change = { ...patch, updatedAt: ctx.nowIso };
  if (hostsRepo.get(db, hostId)) hostsRepo.update(db, hostId, change);
  // A new host's patch carries every column (name, searchName…): the form or the CSV plan gave them all.
  else hostsRepo.insert(db, { id: hostId, siteId: site.id, createdAt: ctx.nowIso, ...change } as NewHostRow);
  recordChange(ctx, 'host.upsert', hostId, { siteId: site.id, ...change });
}

function typeView(ctx: CallContext, t: VisitorTypeRow) {
  const byKey = new Map<string, ReturnType<typeof visitorTypesRepo.documents>>();
  for (const doc of visitorTypesRepo.documents(ctx.station.db, t.id))
    byKey.set(doc.key, [...(byKey.get(doc.key) ?? []), doc]);
  return {
    ...visitorTypeView(t),
    active: t.active,
    retentionDays: t.retentionDays,
    documents: [...byKey].map(([key, versions]) => ({
      key,
      versions: versions.map(({ id, version, titles, bodies, createdAt }) => ({
        id,
        version,
        titles,
        bodies,
        createdAt,
      })),
    })),
  };
}

function requireType(ctx: CallContext, site: SiteRow, typeId: string): VisitorTypeRow {
  const type = visitorTypesRepo.get(ctx.station.db, typeId);
  if (!type || type.siteId !== site.id) throw new ApiError('not_found', 'That visitor type does not exist.');
  return type;
}

const staffView = (u: StaffUserRow) => ({
  id: u.id,
  name: u.name,
  login: u.login,
  email: u.email,
  role: u.role,
  active: u.active,
  hasPin: Boolean(u.pinHash),
  hasPassword: Boolean(u.passwordHash),
});

function requireStaff(ctx: CallContext, site: SiteRow, userId: string): StaffUserRow {
  const user = staffRepo.get(ctx.station.db, userId);
  if (!user || user.siteId !== site.id) throw new ApiError('not_found', 'That staff user does not exist.');
  return user;
}

/** The hash columns for a new secret at this site (src/node/secrets.ts), hashed off the event loop. */
const secretColumns = (
  ctx: CallContext,
  site: SiteRow,
  secret: { kind: 'pin' | 'password'; value: string },
) => staffSecretColumns(secret, siteSettings(ctx.station.db, site.id).pinLength);

export const adminHandlers = defineHandlers({
  'hosts.list': (input, ctx) => {
    const site = requireSite(ctx);
    const words = foldForSearch(input.query).split(' ').filter(Boolean);
    const rows = hostsRepo.list(ctx.station.db, site.id, words, input.limit + 1);
    return { hosts: rows.slice(0, input.limit).map(hostView), more: rows.length > input.limit };
  },

  'hosts.save': (input, ctx) => {
    const site = requireSite(ctx);
    const { hostId: given, ...fields } = input;
    const hostId = given ? requireHost(ctx, site, given).id : newId();
    upsertHost(ctx, site, hostId, {
      ...fields,
      searchName: foldForSearch(fields.name),
      ...(given ? {} : { active: true, createdAt: ctx.nowIso }),
    });
    ctx.auditDetails.hostId = hostId;
    return hostView(requireHost(ctx, site, hostId));
  },

  'hosts.setActive': (input, ctx) => {
    const site = requireSite(ctx);
    const host = requireHost(ctx, site, input.hostId);
    if (host.active === input.active)
      throw new ApiError('conflict', `${host.name} is already ${input.active ? 'active' : 'inactive'}.`);
    upsertHost(ctx, site, host.id, { active: input.active });
    ctx.auditDetails.hostId = host.id;
    return hostView(requireHost(ctx, site, host.id));
  },

  'hosts.importCsv': (input, ctx) => {
    const site = requireSite(ctx);
    let plan;
    try {
      plan = planHostCsv(input.csv, hostsRepo.list(ctx.station.db, site.id), { now: ctx.nowIso, newId });
    } catch (error) {
      if (!(error instanceof HostCsvError)) throw error;
      throw new ApiError('invalid_input', error.message, {
        csv: { code: 'invalid_value', message: error.message },
      });
    }
    const { upserts, ...summary } = plan;
    if (input.dryRun) return { dryRun: true, ...summary };
    if (plan.problems.length > 0) {
      const first = plan.problems[0]!;
      throw new ApiError(
        'invalid_input',
        `${plan.problems.length} lines of the CSV have problems (first: line ${first.line}); nothing was changed.`,
        { csv: { code: 'invalid_value', message: `Check line ${first.line}.` } },
      );
    }
    for (const { entityId, payload } of upserts) upsertHost(ctx, site, entityId, payload);
    Object.assign(ctx.auditDetails, {
      added: plan.added.length,
      changed: plan.changed.length,
      deactivated: plan.deactivated.length,
    });
    return { dryRun: false, ...summary };
  },

  'visitorTypes.adminList': (_input, ctx) => {
    const site = requireSite(ctx);
    return { types: visitorTypesRepo.listAll(ctx.station.db, site.id).map((t) => typeView(ctx, t)) };
  },

  'visitorTypes.save': (input, ctx) => {
    const site = requireSite(ctx);
    const { db } = ctx.station;
    const { typeId: given, ...fields } = input;
    const change = { ...fields, updatedAt: ctx.nowIso };
    let typeId: string;
    if (given) {
      typeId = requireType(ctx, site, given).id;
      visitorTypesRepo.update(db, typeId, change);
      recordChange(ctx, 'visitorType.upsert', typeId, { siteId: site.id, ...change });
    } else {
      typeId = newId();
      const row = {
        id: typeId,
        siteId: site.id,
        sortOrder: visitorTypesRepo.listAll(db, site.id).length,
        createdAt: ctx.nowIso,
        ...change,
      };
      visitorTypesRepo.insert(db, row);
      recordChange(ctx, 'visitorType.upsert', typeId, row);
    }
    ctx.auditDetails.visitorTypeId = typeId;
    ctx.emit('settings.changed', { siteId: site.id });
    return typeView(ctx, requireType(ctx, site, typeId));
  },

  'visitorTypes.addDocumentVersion': (input, ctx) => {
    const site = requireSite(ctx);
    const type = requireType(ctx, site, input.typeId);
    const latest = visitorTypesRepo.documents(ctx.station.db, type.id).find((d) => d.key === input.key);
    const row = {
      id: newId(),
      visitorTypeId: type.id,
      key: input.key,
      version: (latest?.version ?? 0) + 1,
      titles: input.titles,
      bodies: input.bodies,
      createdAt: ctx.nowIso,
    };
    visitorTypesRepo.insertDocument(ctx.station.db, row);
    recordChange(ctx, 'visitorTypeDocument.publish', row.id, row);
    Object.assign(ctx.auditDetails, { visitorTypeId: type.id, documentId: row.id, version: row.version });
    return typeView(ctx, type);
  },

  'staff.list': (_input, ctx) => {
    const site = requireSite(ctx);
    return { users: staffRepo.list(ctx.station.db, site.id).map(staffView) };
  },

  'staff.add': async (input, ctx) => {
    const site = requireSite(ctx);
    const taken = (c: CallContext) => {
      if (staffRepo.findByLogin(c.station.db, site.id, input.login))
        throw new ApiError('conflict', `The sign-in name ${input.login} is taken.`, {
          login: { code: 'invalid_value', message: 'This sign-in name is taken.' },
        });
    };
    taken(ctx); // before the KDF, so a taken name is refused at once
    const secret = await secretColumns(ctx, site, input.secret);
    return ctx.write((w) => {
      taken(w);
      const id = newId();
      const row = {
        id,
        siteId: site.id,
        name: input.name,
        login: input.login,
        email: input.email,
        role: input.role,
        active: true,
        ...secret,
        createdAt: w.nowIso,
        updatedAt: w.nowIso,
      };
      staffRepo.insert(w.station.db, row);
      recordChange(w, 'staff.upsert', id, row);
      Object.assign(w.auditDetails, { userId: id, role: input.role });
      return staffView(requireStaff(w, site, id));
    });
  },

  'staff.update': (input, ctx) => {
    const site = requireSite(ctx);
    const { db } = ctx.station;
    const user = requireStaff(ctx, site, input.userId);
    const { userId: _id, ...patch } = input;
    const stillAdmin = (patch.role ?? user.role) === 'admin' && (patch.active ?? user.active);
    const otherAdmins = staffRepo
      .list(db, site.id)
      .filter((u) => u.id !== user.id && u.role === 'admin' && u.active);
    if (user.role === 'admin' && user.active && !stillAdmin && otherAdmins.length === 0)
      throw new ApiError(
        'conflict',
        `${user.name} is the last admin of this site; make someone else admin first.`,
      );
    staffRepo.update(db, user.id, { ...patch, updatedAt: ctx.nowIso });
    recordChange(ctx, 'staff.upsert', user.id, { siteId: site.id, ...patch, updatedAt: ctx.nowIso });
    // A session carries the role it was opened with: a changed role or a deactivated user signs in again.
    if ((patch.role && patch.role !== user.role) || patch.active === false)
      ctx.afterCommit(() => ctx.station.sessions.revokeUser(user.id));
    Object.assign(ctx.auditDetails, { userId: user.id, ...patch });
    return staffView(requireStaff(ctx, site, user.id));
  },

  'staff.resetSecret': async (input, ctx) => {
    const site = requireSite(ctx);
    requireStaff(ctx, site, input.userId);
    const secret = await secretColumns(ctx, site, input.secret);
    return ctx.write((w) => {
      const user = requireStaff(w, site, input.userId);
      staffRepo.update(w.station.db, user.id, {
        ...secret,
        failedAttempts: 0,
        lockedUntil: null,
        updatedAt: w.nowIso,
      });
      // The hash travels as stored; the lock is this station's own and is not sent.
      recordChange(w, 'staff.upsert', user.id, { siteId: site.id, ...secret, updatedAt: w.nowIso });
      // Whoever holds the old secret's session (or copied its token) is out at once.
      w.afterCommit(() => w.station.sessions.revokeUser(user.id));
      Object.assign(w.auditDetails, { userId: user.id, kind: input.secret.kind });
      return staffView(requireStaff(w, site, user.id));
    });
  },
});
