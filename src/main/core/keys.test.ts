import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  KeyError,
  Keyring,
  STATION_KEY_FILE,
  exportPublicKey,
  generateStationKey,
  importPublicKey,
  keyIdOf,
  loadOrCreateStationKey,
} from './keys';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-keys-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('station key file', () => {
  it('creates the key once, readable only by its owner, and loads the same key afterwards', () => {
    const first = loadOrCreateStationKey(dataDir);
    expect(first.created).toBe(true);
    expect(statSync(join(dataDir, STATION_KEY_FILE)).mode & 0o777).toBe(0o600);
    const again = loadOrCreateStationKey(dataDir);
    expect(again.created).toBe(false);
    expect(again.key.keyId).toBe(first.key.keyId);
    expect(again.key.publicKeySpki).toBe(first.key.publicKeySpki);
  });

  it('refuses a key file other users can read', () => {
    loadOrCreateStationKey(dataDir);
    chmodSync(join(dataDir, STATION_KEY_FILE), 0o644);
    expect(() => loadOrCreateStationKey(dataDir)).toThrow(/readable by other users \(mode 644\)/);
  });

  it('refuses a key file that is not an Ed25519 private key', () => {
    const file = join(dataDir, STATION_KEY_FILE);
    writeFileSync(file, 'not a key', { mode: 0o600 });
    expect(() => loadOrCreateStationKey(dataDir)).toThrow(KeyError);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    writeFileSync(file, rsa.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    expect(() => loadOrCreateStationKey(dataDir)).toThrow(/is not Ed25519/);
  });

  it('never shows the private key when the key is logged or serialised', () => {
    const { key } = loadOrCreateStationKey(dataDir);
    const pem = readFileSync(join(dataDir, STATION_KEY_FILE), 'utf8');
    const secret = pem.split('\n')[1]!;
    expect(inspect(key, { depth: 10 })).not.toContain(secret);
    expect(JSON.stringify(key)).not.toContain(secret);
    expect(JSON.stringify(key)).toContain(key.publicKeySpki);
  });
});

describe('public keys', () => {
  it('exports and imports SPKI base64 with a stable 8-byte key id', () => {
    const key = generateStationKey();
    expect(key.keyId).toMatch(/^[0-9a-f]{16}$/);
    const imported = importPublicKey(key.publicKeySpki);
    expect(exportPublicKey(imported)).toBe(key.publicKeySpki);
    expect(keyIdOf(key.publicKeySpki)).toBe(key.keyId);
    expect(keyIdOf(generateStationKey().publicKey)).not.toBe(key.keyId);
  });

  it('refuses text that is not an Ed25519 public key', () => {
    const x25519 = generateKeyPairSync('x25519').publicKey.export({ type: 'spki', format: 'der' });
    expect(() => importPublicKey(x25519.toString('base64'))).toThrow(/not an Ed25519 key/);
    expect(() => importPublicKey('AAAA')).toThrow(/not a valid SPKI key/);
    expect(() => importPublicKey('-----BEGIN PUBLIC KEY-----')).toThrow(/not base64/);
  });
});

describe('keyring', () => {
  it('holds the site keys, marks retired ones, and refuses a key id that does not match its key', () => {
    const active = generateStationKey();
    const old = generateStationKey();
    const ring = new Keyring([
      { keyId: active.keyId, publicKey: active.publicKeySpki, stationId: 's1' },
      { keyId: old.keyId, publicKey: old.publicKeySpki, retiredAt: '2025-01-01T00:00:00Z' },
    ]);
    expect(ring.size).toBe(2);
    expect(ring.get(active.keyId)).toMatchObject({ retired: false, stationId: 's1' });
    expect(ring.get(old.keyId)?.retired).toBe(true);
    expect(ring.get('0000000000000000')).toBeUndefined();
    expect(() => ring.add({ keyId: active.keyId, publicKey: old.publicKeySpki })).toThrow(/does not match/);
  });
});
