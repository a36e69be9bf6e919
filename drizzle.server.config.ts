// Migrations of the sync server's embedded SQLite database: `npx drizzle-kit generate --config drizzle.server.config.ts`.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/server/db/schema.ts',
  out: './src/server/db/migrations',
});
