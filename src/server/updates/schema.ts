// The update feed's tables on the sync server's database (docs/updates.md): published releases with their
// signed feed and rollout percentage, a pinned version per site, and the history of every change to them.
// The artefacts themselves are files in the server's data folder (updates/), named as in the feed.
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const updateReleases = sqliteTable(
  'update_releases',
  {
    channel: text('channel').$type<'stable' | 'beta'>().notNull(),
    platform: text('platform').notNull(),
    version: text('version').notNull(),
    /** The channel file exactly as signed (src/shared/updates.ts feedText). */
    feed: text('feed').notNull(),
    /** Detached Ed25519 signature of `feed`, base64, made by the publisher with the organisation key. */
    signature: text('signature').notNull(),
    /** Per cent of stations offered this release (0–100); see inRollout. */
    rollout: integer('rollout').notNull(),
    publishedAt: text('published_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.channel, t.platform, t.version] })],
);

/** A site held on one version: its stations are offered that release, whatever the rollout says. */
export const updatePins = sqliteTable('update_pins', {
  /** A site of the sites table (checked when pinning; no foreign key, so this file imports nothing back). */
  siteId: text('site_id').primaryKey(),
  version: text('version').notNull(),
  pinnedAt: text('pinned_at').notNull(),
});

/** Every change to releases and pins: who may ask "when did site X get pinned" reads it here. */
export const updateHistory = sqliteTable('update_history', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  at: text('at').notNull(),
  action: text('action').notNull(),
  details: text('details', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
});
