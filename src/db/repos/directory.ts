// Hosts, visitor types and staff users: the site's directory.
import { and, asc, desc, eq, like } from 'drizzle-orm';
import type { Db } from '../open';
import { hosts, staffUsers, visitorTypeDocuments, visitorTypes } from '../schema';

export type HostRow = typeof hosts.$inferSelect;
export type VisitorTypeRow = typeof visitorTypes.$inferSelect;
export type StaffUserRow = typeof staffUsers.$inferSelect;
export type NewHostRow = typeof hosts.$inferInsert;

const containsAll = (foldedWords: string[]) =>
  foldedWords.map((w) => like(hosts.searchName, `%${w.replace(/[%_\\]/g, '\\$&')}%`));

export const hostsRepo = {
  insert(db: Db, row: typeof hosts.$inferInsert): void {
    db.insert(hosts).values(row).run();
  },
  get(db: Db, id: string): HostRow | undefined {
    return db.select().from(hosts).where(eq(hosts.id, id)).get();
  },
  update(db: Db, id: string, patch: Partial<typeof hosts.$inferInsert>): void {
    db.update(hosts).set(patch).where(eq(hosts.id, id)).run();
  },
  /** Active hosts of a site whose folded name contains every folded word of the query. */
  search(db: Db, siteId: string, foldedWords: string[], limit: number): HostRow[] {
    return db
      .select()
      .from(hosts)
      .where(and(eq(hosts.siteId, siteId), eq(hosts.active, true), ...containsAll(foldedWords)))
      .orderBy(asc(hosts.searchName))
      .limit(limit)
      .all();
  },
  /** Every host of a site, inactive ones too, optionally narrowed like search (for admins). */
  list(db: Db, siteId: string, foldedWords: string[] = [], limit = -1): HostRow[] {
    return db
      .select()
      .from(hosts)
      .where(and(eq(hosts.siteId, siteId), ...containsAll(foldedWords)))
      .orderBy(asc(hosts.searchName))
      .limit(limit)
      .all();
  },
};

export const visitorTypesRepo = {
  insert(db: Db, row: typeof visitorTypes.$inferInsert): void {
    db.insert(visitorTypes).values(row).run();
  },
  get(db: Db, id: string): VisitorTypeRow | undefined {
    return db.select().from(visitorTypes).where(eq(visitorTypes.id, id)).get();
  },
  listActive(db: Db, siteId: string): VisitorTypeRow[] {
    return db
      .select()
      .from(visitorTypes)
      .where(and(eq(visitorTypes.siteId, siteId), eq(visitorTypes.active, true)))
      .orderBy(asc(visitorTypes.sortOrder))
      .all();
  },
  update(db: Db, id: string, patch: Partial<typeof visitorTypes.$inferInsert>): void {
    db.update(visitorTypes).set(patch).where(eq(visitorTypes.id, id)).run();
  },
  listAll(db: Db, siteId: string): VisitorTypeRow[] {
    return db
      .select()
      .from(visitorTypes)
      .where(eq(visitorTypes.siteId, siteId))
      .orderBy(asc(visitorTypes.sortOrder))
      .all();
  },
  insertDocument(db: Db, row: typeof visitorTypeDocuments.$inferInsert): void {
    db.insert(visitorTypeDocuments).values(row).run();
  },
  /**
   * Every version of every document of a type, newest first: by version, then (two desks published the same
   * version offline) the later published, then the id, so every station agrees on which is current.
   */
  documents(db: Db, visitorTypeId: string): (typeof visitorTypeDocuments.$inferSelect)[] {
    return db
      .select()
      .from(visitorTypeDocuments)
      .where(eq(visitorTypeDocuments.visitorTypeId, visitorTypeId))
      .orderBy(
        asc(visitorTypeDocuments.key),
        desc(visitorTypeDocuments.version),
        desc(visitorTypeDocuments.createdAt),
        desc(visitorTypeDocuments.id),
      )
      .all();
  },
};

export const staffRepo = {
  insert(db: Db, row: typeof staffUsers.$inferInsert): void {
    db.insert(staffUsers).values(row).run();
  },
  get(db: Db, id: string): StaffUserRow | undefined {
    return db.select().from(staffUsers).where(eq(staffUsers.id, id)).get();
  },
  /** Staff users, of one site or of every site this station knows. */
  list(db: Db, siteId?: string): StaffUserRow[] {
    return db
      .select()
      .from(staffUsers)
      .where(siteId ? eq(staffUsers.siteId, siteId) : undefined)
      .orderBy(asc(staffUsers.name))
      .all();
  },
  update(db: Db, id: string, patch: Partial<typeof staffUsers.$inferInsert>): void {
    db.update(staffUsers).set(patch).where(eq(staffUsers.id, id)).run();
  },
  findByBadge(db: Db, siteId: string, badgeCode: string): StaffUserRow | undefined {
    return db
      .select()
      .from(staffUsers)
      .where(and(eq(staffUsers.siteId, siteId), eq(staffUsers.badgeCode, badgeCode)))
      .get();
  },
  recordSignInResult(
    db: Db,
    id: string,
    failedAttempts: number,
    lockedUntil: string | null,
    now: string,
  ): void {
    db.update(staffUsers)
      .set({ failedAttempts, lockedUntil, updatedAt: now })
      .where(eq(staffUsers.id, id))
      .run();
  },
  findByLogin(db: Db, siteId: string, login: string): StaffUserRow | undefined {
    return db
      .select()
      .from(staffUsers)
      .where(and(eq(staffUsers.siteId, siteId), eq(staffUsers.login, login)))
      .get();
  },
};
