// The update feed's tables on PostgreSQL (exported from ../db/pg-schema.ts, so the PostgreSQL migrations
// cover them): the same tables, columns and meaning as ./schema.ts.
import { bigserial, integer, json, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

export const updateReleases = pgTable(
  'update_releases',
  {
    channel: text('channel').$type<'stable' | 'beta'>().notNull(),
    platform: text('platform').notNull(),
    version: text('version').notNull(),
    feed: text('feed').notNull(),
    signature: text('signature').notNull(),
    rollout: integer('rollout').notNull(),
    publishedAt: text('published_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.channel, t.platform, t.version] })],
);

export const updatePins = pgTable('update_pins', {
  siteId: text('site_id').primaryKey(),
  version: text('version').notNull(),
  pinnedAt: text('pinned_at').notNull(),
});

export const updateHistory = pgTable('update_history', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: text('at').notNull(),
  action: text('action').notNull(),
  details: json('details').$type<Record<string, unknown>>().notNull(),
});
