// Migrations of the sync server on PostgreSQL (`--database postgres://…`, docs/postgresql.md):
// `npx drizzle-kit generate --config drizzle.server.pg.config.ts`. The embedded SQLite ones: drizzle.server.config.ts.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/server/db/pg-schema.ts',
  out: './src/server/db/pg-migrations',
});
