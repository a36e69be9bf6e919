// The Electron shell's security decisions, under plain Node: what app:// may read, where a window may
// go, which permissions the page gets.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  allowNavigation,
  allowPermissionCheck,
  allowPermissionRequest,
  blockKioskKey,
  contentTypeOf,
  isClientRoute,
  reloadAfterRendererGone,
  resolveAppFile,
} from './policy';

const root = mkdtempSync(path.join(tmpdir(), 'gatehouse-renderer-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('app:// files', () => {
  it('maps our URLs to files inside the renderer folder', () => {
    expect(resolveAppFile(root, 'app://gatehouse/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://gatehouse/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://gatehouse/assets/app-1a2b.js?v=1#x')).toBe(
      path.join(root, 'assets', 'app-1a2b.js'),
    );
    expect(resolveAppFile(root, 'app://gatehouse/photos/J%C3%BCrgen.png')).toBe(
      path.join(root, 'photos', 'Jürgen.png'),
    );
  });

  it('refuses every way out of the folder and every other origin', () => {
    for (const url of [
      'app://gatehouse/../../etc/passwd',
      'app://gatehouse/%2e%2e/%2e%2e/etc/passwd',
      'app://gatehouse/..%2F..%2Fetc%2Fpasswd',
      'app://gatehouse/assets/..%5C..%5Csecret',
      'app://gatehouse/index.html%00.png',
      'app://gatehouse/%E0%A4%A',
      'app://elsewhere/index.html',
      'file:///etc/passwd',
      'https://gatehouse/index.html',
    ]) {
      // URL parsing folds plain `..` segments away (app://gatehouse/etc/passwd, still inside the folder).
      const file = resolveAppFile(root, url);
      expect(file === null || file.startsWith(root + path.sep), url).toBe(true);
    }
    expect(resolveAppFile(root, 'app://gatehouse/..%2F..%2Fetc%2Fpasswd')).toBeNull();
    expect(resolveAppFile(root, 'app://gatehouse/assets/..%5C..%5Csecret')).toBeNull();
    expect(resolveAppFile(root, 'app://gatehouse/index.html%00.png')).toBeNull();
    expect(resolveAppFile(root, 'app://elsewhere/index.html')).toBeNull();
    expect(resolveAppFile(root, 'file:///etc/passwd')).toBeNull();
  });

  it('answers screens (no extension) with the app and files with their type', () => {
    expect(isClientRoute(path.join(root, 'desk', 'visits'))).toBe(true);
    expect(isClientRoute(path.join(root, 'assets', 'app.js'))).toBe(false);
    expect(contentTypeOf('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('blob.bin')).toBe('application/octet-stream');
  });
});

describe('navigation', () => {
  it('stays inside our app', () => {
    expect(allowNavigation('app://gatehouse/desk')).toBe(true);
    expect(allowNavigation('https://example.com/')).toBe(false);
    expect(allowNavigation('file:///etc/passwd')).toBe(false);
    expect(allowNavigation('javascript:alert(1)')).toBe(false);
  });
});

describe('permissions', () => {
  it('grants the camera to our page and nothing else to anyone', () => {
    expect(allowPermissionRequest('media', 'app://gatehouse/kiosk', ['video'])).toBe(true);
    expect(allowPermissionRequest('media', 'app://gatehouse/kiosk', ['video', 'audio'])).toBe(false);
    expect(allowPermissionRequest('media', 'app://gatehouse/kiosk', ['audio'])).toBe(false);
    expect(allowPermissionRequest('media', 'app://gatehouse/kiosk', [])).toBe(false);
    expect(allowPermissionRequest('media', 'app://gatehouse/kiosk', undefined)).toBe(false);
    expect(allowPermissionRequest('media', 'https://evil.example/', ['video'])).toBe(false);
    for (const permission of [
      'geolocation',
      'notifications',
      'clipboard-read',
      'display-capture',
      'openExternal',
      'fileSystem',
    ]) {
      expect(allowPermissionRequest(permission, 'app://gatehouse/', ['video']), permission).toBe(false);
    }
  });

  it('answers permission checks the same way', () => {
    expect(allowPermissionCheck('media', 'app://gatehouse', 'video')).toBe(true);
    expect(allowPermissionCheck('media', 'app://gatehouse', 'unknown')).toBe(true);
    expect(allowPermissionCheck('media', 'app://gatehouse', 'audio')).toBe(false);
    expect(allowPermissionCheck('media', 'https://evil.example', 'video')).toBe(false);
    expect(allowPermissionCheck('hid', 'app://gatehouse', undefined)).toBe(false);
    expect(allowPermissionCheck('serial', 'app://gatehouse', undefined)).toBe(false);
  });
});

describe('the kiosk keyboard lockdown', () => {
  const key = (k: string, mods: Partial<Record<'control' | 'meta' | 'alt' | 'shift', boolean>> = {}) => ({
    type: 'keyDown',
    key: k,
    control: false,
    meta: false,
    alt: false,
    shift: false,
    ...mods,
  });
  it('keeps quitting, closing, reloading, devtools and history keys from a kiosk', () => {
    for (const input of [
      key('F4', { alt: true }),
      key('q', { control: true }),
      key('Q', { meta: true }),
      key('w', { control: true }),
      key('r', { control: true }),
      key('R', { control: true, shift: true }),
      key('F5'),
      key('F11'),
      key('F12'),
      key('I', { control: true, shift: true }),
      key('j', { meta: true, shift: true }),
      key('ArrowLeft', { alt: true }),
    ])
      expect(blockKioskKey(input, true), JSON.stringify(input)).toBe(true);
  });
  it('lets typing through, and every key while developing', () => {
    for (const input of [key('a'), key('A', { shift: true }), key('Enter'), key('Backspace'), key('4')])
      expect(blockKioskKey(input, true), JSON.stringify(input)).toBe(false);
    expect(blockKioskKey(key('F4', { alt: true }), false)).toBe(false);
    expect(blockKioskKey(key('F12'), false)).toBe(false);
  });
  it('reloads a page whose process crashed or was killed, not one that ended cleanly', () => {
    expect(reloadAfterRendererGone('crashed')).toBe(true);
    expect(reloadAfterRendererGone('oom')).toBe(true);
    expect(reloadAfterRendererGone('killed')).toBe(true);
    expect(reloadAfterRendererGone('clean-exit')).toBe(false);
  });
});
