import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileVault, StationKeys } from './data-keys';
import { fileKeyFrom, seal, unseal } from './sealed-files';

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('Grace Hopper'),
]);
const NAME = 'visits/visit-1/photo.png';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-sealed-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('visit files sealed with AES-256-GCM under the data key', () => {
  it('a copied photo file cannot be read without the key, and names no one', () => {
    const keys = new StationKeys(fileVault(dataDir, { env: {} }));
    const file = path.join(dataDir, 'photo.png');
    writeFileSync(file, seal(fileKeyFrom(keys.dataKey()), NAME, PNG), { mode: 0o600 });
    const copied = readFileSync(file);
    expect(copied.includes(Buffer.from('Grace Hopper'))).toBe(false);
    expect(copied.includes(PNG.subarray(0, 8))).toBe(false);
    // Another station's key (or a guessed one) does not open it; the station's own does.
    const other = new StationKeys(
      fileVault(mkdtempSync(path.join(tmpdir(), 'gatehouse-other-')), { env: {} }),
    );
    expect(() => unseal(fileKeyFrom(other.dataKey()), NAME, copied)).toThrow();
    expect(unseal(fileKeyFrom(keys.dataKey()), NAME, copied)).toEqual(PNG);
  });

  it('refuses a sealed file renamed to another visit or changed by one byte', () => {
    const key = fileKeyFrom(Buffer.alloc(32, 7));
    const sealed = seal(key, NAME, PNG);
    expect(() => unseal(key, 'visits/visit-2/photo.png', sealed)).toThrow();
    const changed = Buffer.from(sealed);
    changed[20] = changed[20]! ^ 1;
    expect(() => unseal(key, NAME, changed)).toThrow();
  });

  it('reads a plain file written before sealing as it is', () => {
    expect(unseal(fileKeyFrom(Buffer.alloc(32, 7)), NAME, PNG)).toEqual(PNG);
  });

  it('keeps the data key in a 0600 file of the keys folder, the same at every start', () => {
    const first = new StationKeys(fileVault(dataDir, { env: {} })).dataKey();
    expect(new StationKeys(fileVault(dataDir, { env: {} })).dataKey()).toEqual(first);
    expect(statSync(path.join(dataDir, 'keys', 'data.key')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dataDir, 'keys')).mode & 0o777).toBe(0o700);
  });
});
