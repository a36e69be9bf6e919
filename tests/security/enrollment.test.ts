// Enrollment claims against a real sync server on loopback: a claim with a public key that is not an
// Ed25519 key, a key id that is not the key's fingerprint, the server's own author id or another
// station's key is refused with 400 and stores nothing; the code stays usable. And the station's own
// defence: a bad key that reached its table anyway (an older server) is skipped, never a 500 at the gate.
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { exportPublicKey, generateStationKey } from '../../src/main/core/keys';
import { DEMO_SITE } from '../../src/main/demo';
import { siteKeyring } from '../../src/main/passes/service';
import { stationsRepo } from '../../src/db/repos/sites';
import { newId } from '../../src/shared/ids';
import { SERVER_AUTHOR_ID } from '../../src/shared/sync';
import { as, checkedInPass, tempStation, type TestStation } from '../support/station';
import { addSite, enrollmentCode, enrollRaw, post } from '../support/sync/http';
import { useSyncServer } from '../support/sync/server';

const ADMIN = 'security-admin-token';
const server = useSyncServer('enrollment', ADMIN);

describe('an enrollment claim', () => {
  async function refusedClaim(extra: Record<string, unknown>) {
    const siteId = await addSite(server.base, ADMIN, 'Harbour');
    const code = await enrollmentCode(server.base, ADMIN, siteId, 'kiosk');
    const stationId = (extra.stationId as string | undefined) ?? newId();
    const before = await server.store.log();
    const answer = await post(server.base, '/enroll/claim', null, { code, stationId, ...extra });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('invalid_input');
    // Nothing stored: no station, no op fanned out, and the code can still be used for a good claim.
    expect(await server.store.log()).toEqual(before);
    if (stationId !== SERVER_AUTHOR_ID) expect(await server.store.station(stationId)).toBeUndefined();
    const good = generateStationKey();
    const retry = await post(server.base, '/enroll/claim', null, {
      code,
      publicKey: good.publicKeySpki,
      keyId: good.keyId,
    });
    expect(retry.status).toBe(200);
    return answer.body.message as string;
  }

  it('refuses a public key that is not an Ed25519 key (the "AAAA" attack)', async () => {
    expect(await refusedClaim({ publicKey: 'AAAA', keyId: '0011223344556677' })).toMatch(/public key/i);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    expect(await refusedClaim({ publicKey: exportPublicKey(ec), keyId: '0011223344556677' })).toMatch(
      /Ed25519/,
    );
  });

  it('refuses a key id that is not the fingerprint of the key, and a key without its id', async () => {
    const key = generateStationKey();
    expect(await refusedClaim({ publicKey: key.publicKeySpki, keyId: '0011223344556677' })).toMatch(
      /key id/i,
    );
    expect(await refusedClaim({ publicKey: key.publicKeySpki, keyId: 'not-hex!' })).toMatch(/key id/i);
    expect(await refusedClaim({ publicKey: key.publicKeySpki })).toMatch(/together/i);
  });

  it('refuses the server’s own author id as a station id', async () => {
    const key = generateStationKey();
    expect(
      await refusedClaim({ stationId: SERVER_AUTHOR_ID, publicKey: key.publicKeySpki, keyId: key.keyId }),
    ).toMatch(/server/i);
  });

  it('refuses the key of a station already enrolled (a pass it signed must name one station)', async () => {
    const siteId = await addSite(server.base, ADMIN, 'Riverside');
    const key = generateStationKey();
    await enrollRaw(server.base, ADMIN, siteId, 'desk', { publicKey: key.publicKeySpki, keyId: key.keyId });
    expect(await refusedClaim({ publicKey: key.publicKeySpki, keyId: key.keyId })).toMatch(/already/i);
  });
});

describe('a station whose table holds a bad key anyway', () => {
  const stations: TestStation[] = [];
  afterEach(() => stations.splice(0).forEach((s) => s.dispose()));

  it('skips that key: gate scans and pass lookups keep answering, and the bad key is reported', async () => {
    const gate = await tempStation({ preset: { kind: 'gate' } });
    stations.push(gate);
    const sql = gate.core.db.$client;
    const visitId = sql
      .prepare('SELECT v.id FROM visits v JOIN visitors p ON p.id = v.visitor_id WHERE p.name = ?')
      .pluck()
      .get('Grace Hopper') as string;
    const { token } = await checkedInPass(gate, visitId);
    const at = gate.core.now().toISOString();
    // What an older server fanned out after the "AAAA" claim, and a revoked station's bad key.
    for (const [publicKey, retiredAt] of [
      ['AAAA', null],
      ['AAAA', at],
    ] as const)
      stationsRepo.insert(gate.core.db, {
        id: newId(),
        siteId: DEMO_SITE.id,
        name: 'Rogue',
        kind: 'kiosk',
        publicKey,
        keyId: '0011223344556677',
        retiredAt,
        createdAt: at,
        updatedAt: at,
      });
    const security = gate.client(as('security'));
    await expect(security.gate.scan({ text: token, direction: 'entry' })).resolves.toMatchObject({
      granted: true,
    });
    await expect(security.passes.lookup({ text: token })).resolves.toMatchObject({ valid: true });
    const { skipped } = siteKeyring(gate.core.db, DEMO_SITE.id);
    expect(skipped).toEqual([
      expect.objectContaining({ keyId: '0011223344556677', reason: expect.stringMatching(/base64|SPKI/) }),
      expect.objectContaining({ keyId: '0011223344556677' }),
    ]);
  });
});
