// The security decisions of the Electron shell as plain functions (no electron import), so they are
// unit-tested under Node: which file an app:// URL may read, where a window may navigate, which
// permission requests are granted.
import path from 'node:path';
import { isAppUrl } from '../ipc-core';

/**
 * The file under rendererDir that an app:// URL names; null when the URL is not ours or its path tries
 * to leave the folder (`..`, encoded slashes or backslashes, NUL bytes).
 */
export function resolveAppFile(rendererDir: string, url: string): string | null {
  if (!isAppUrl(url)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null; // malformed percent-encoding
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
  return file.startsWith(root + path.sep) ? file : null;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The renderer routes on the client: a path without a file extension is a screen, answered with index.html. */
export function isClientRoute(file: string): boolean {
  return path.extname(file) === '';
}

/** A window may only move between pages of our own app. */
export function allowNavigation(url: string): boolean {
  return isAppUrl(url);
}

/** Permission requests: only the camera (video without audio), only for our own page. */
export function allowPermissionRequest(
  permission: string,
  requestingUrl: string,
  mediaTypes: readonly string[] | undefined,
): boolean {
  return (
    permission === 'media' &&
    isAppUrl(requestingUrl) &&
    mediaTypes !== undefined &&
    mediaTypes.length > 0 &&
    mediaTypes.every((type) => type === 'video')
  );
}

/** Permission checks (what the page may ask without prompting): the same rule; 'unknown' lists devices. */
export function allowPermissionCheck(
  permission: string,
  requestingOrigin: string,
  mediaType: string | undefined,
): boolean {
  return (
    permission === 'media' && isAppUrl(requestingOrigin) && (mediaType === 'video' || mediaType === 'unknown')
  );
}

/** The parts of Electron's `before-input-event` Input that the kiosk lockdown reads. */
export interface KeyInput {
  type: string;
  key: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

/**
 * Whether a key press is kept from the kiosk window (docs/operations.md): in kiosk mode no quitting or
 * closing (Alt+F4, Ctrl/Cmd+Q, Ctrl/Cmd+W), no reloading (F5, Ctrl/Cmd+R), no devtools (F12,
 * Ctrl/Cmd+Shift+I/J/C), no leaving full screen (F11) and no history navigation (Alt+←/→). Outside
 * kiosk mode (development) every key goes through.
 */
export function blockKioskKey(input: KeyInput, kiosk: boolean): boolean {
  if (!kiosk || input.type !== 'keyDown') return false;
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  const mod = input.control || input.meta;
  if (['F4', 'ArrowLeft', 'ArrowRight', 'Home'].includes(key) && input.alt) return true;
  if (['F5', 'F11', 'F12', 'BrowserRefresh', 'BrowserBack', 'BrowserForward'].includes(key)) return true;
  if (mod && ['q', 'w', 'r', 'n', 't'].includes(key)) return true;
  if (mod && input.shift && ['i', 'j', 'c'].includes(key)) return true;
  return false;
}

/** What to do when the page's process has gone: reload it, except when it ended on purpose. */
export function reloadAfterRendererGone(reason: string): boolean {
  return reason !== 'clean-exit';
}
