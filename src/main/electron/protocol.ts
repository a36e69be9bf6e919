// app://gatehouse/ serves the built renderer (dist/renderer) instead of file://, so the page has a real
// origin, the same CSP as the web host, and no way to read other files.
import { protocol, type Session } from 'electron';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../csp';
import { APP_SCHEME } from '../ipc-core';
import { contentTypeOf, isClientRoute, resolveAppFile } from './policy';

/** Must run before the app is ready: a standard, secure scheme behaves like https for fetch, storage and getUserMedia. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true },
    },
  ]);
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

export function serveRenderer(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return answer(405, 'Only GET and HEAD are served here.');
    const file = resolveAppFile(rendererDir, request.url);
    if (!file) return answer(404, 'Not found.');
    for (const candidate of isClientRoute(file) ? [file, path.join(rendererDir, 'index.html')] : [file]) {
      try {
        const body = await readFile(candidate);
        return new Response(request.method === 'HEAD' ? null : body, {
          status: 200,
          headers: { ...SECURITY_HEADERS, 'Content-Type': contentTypeOf(candidate) },
        });
      } catch {
        // not there: try the next candidate, then 404
      }
    }
    return answer(404, 'Not found.');
  });
}

function answer(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}
