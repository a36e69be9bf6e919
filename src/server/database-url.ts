// The --database URL of the sync server (src/server/cli.ts), checked before anything is created or
// connected: a small module of its own, so the command line's parse step does not load the PostgreSQL driver.

/** What is wrong with a PostgreSQL URL for the sync server, or null when it will do. */
export function databaseUrlProblem(url: string): string | null {
  if (!URL.canParse(url)) return 'is not a URL';
  const parsed = new URL(url);
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')
    return `must start with postgres:// (it starts with ${parsed.protocol}//)`;
  if (!parsed.hostname && !parsed.searchParams.get('host')) return 'names no host';
  if (parsed.pathname.length <= 1) return 'names no database (postgres://host/DATABASE)';
  return null;
}

/** The URL without its password, for messages and logs. */
export function redactedUrl(url: string): string {
  if (!URL.canParse(url)) return '(not a URL)';
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  parsed.searchParams.delete('password');
  return parsed.toString();
}
