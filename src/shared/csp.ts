// The strict Content-Security-Policy every Gatehouse page starts from — the station's screen
// (src/main/csp.ts) and the sync server's console (src/server/console/page.ts): only its own scripts,
// styles and connections, no plugins, no <base>, no form posts elsewhere, no framing. A page widens only
// the directives it names.
const STRICT: Record<string, string> = {
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data:",
  'connect-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'none'",
  'frame-ancestors': "'none'",
};

/** The header value: the strict policy with `changes` replacing or adding directives. */
export function contentSecurityPolicy(changes: Record<string, string> = {}): string {
  return Object.entries({ ...STRICT, ...changes })
    .map(([directive, sources]) => `${directive} ${sources}`)
    .join('; ');
}
