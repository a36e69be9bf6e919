// Update feeds with two sync server instances on one PostgreSQL database (a real cluster,
// tests/support/postgres.ts) sharing one artefact folder (as a network share would be): a release published
// through instance 1 is served, signed, to a station talking to instance 2; a rollout and a pin changed
// through one instance decide what the other serves; publishing a version twice is refused whichever
// instance is asked; the history is one.
import { verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncServer, type SyncServer } from '../../src/server/app';
import { PgSyncStore } from '../../src/server/pg-store';
import { generateUpdateKey, publishRelease, readPrivateKey } from '../../src/server/updates/publish';
import { ADMIN, adminClient, rawStation } from '../support/notify';
import { dropDatabase, freshDatabase } from '../support/postgres';

interface Instance {
  store: PgSyncStore;
  server: SyncServer;
  base: string;
  admin: ReturnType<typeof adminClient>;
}

let url: string;
let dir: string;
let instances: Instance[];

beforeEach(async () => {
  url = await freshDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-updates-pg-'));
  instances = [];
});
afterEach(async () => {
  for (const { server, store } of instances) {
    await server.app.close();
    await store.close();
  }
  rmSync(dir, { recursive: true, force: true });
  await dropDatabase(url);
});

describe('update feeds with two instances on PostgreSQL', () => {
  it('serves what was published, rolled out and pinned through either instance', async () => {
    const keys = generateUpdateKey(path.join(dir, 'it-laptop'));
    const publicKeyPem = readFileSync(keys.publicKeyFile, 'utf8');
    const key = readPrivateKey(keys.privateKeyFile);
    for (let i = 0; i < 2; i++) {
      const store = await PgSyncStore.open(url);
      const server = await createSyncServer({
        store,
        adminToken: ADMIN,
        updates: { dir: path.join(dir, 'shared-updates'), publicKey: publicKeyPem },
      });
      const base = await server.app.listen({ port: 0, host: '127.0.0.1' });
      instances.push({ store, server, base, admin: adminClient(base) });
    }
    const [one, two] = instances as [Instance, Instance];
    const site = (await one.admin('POST', '/admin/sites', { name: 'Harbour', timezone: 'Europe/London' }))
      .body.id as string;
    const desk = await rawStation(two, site, 'desk');
    const feedFrom = async (instance: Instance) => {
      const response = await fetch(`${instance.base}/updates/latest-linux.yml`, {
        headers: { authorization: `Bearer ${desk.credential}` },
      });
      return { status: response.status, feed: await response.text(), signature: response.headers };
    };
    expect((await feedFrom(two)).status).toBe(404);

    const publish = async (instance: Instance, version: string) => {
      const file = path.join(dir, `Gatehouse-${version}.AppImage`);
      writeFileSync(file, randomBytes(64 * 1024));
      return publishRelease({
        server: instance.base,
        adminToken: ADMIN,
        key,
        version,
        channel: 'stable',
        platform: 'linux',
        files: [file],
        rollout: 100,
        releaseDate: new Date('2026-03-01T12:00:00Z'),
      });
    };
    const first = await publish(one, '9.1.0');
    const served = await feedFrom(two);
    expect(served.status).toBe(200);
    expect(served.feed).toBe(first.feed);
    const signature = await (
      await fetch(`${two.base}/updates/latest-linux.yml.sig`, {
        headers: { authorization: `Bearer ${desk.credential}` },
      })
    ).text();
    expect(
      verify(null, Buffer.from(served.feed), publicKeyPem, Buffer.from(signature.trim(), 'base64')),
    ).toBe(true);
    // The artefact the feed names comes from the other instance too (the shared folder).
    const artefact = await fetch(`${two.base}/updates/Gatehouse-9.1.0.AppImage`, {
      headers: { authorization: `Bearer ${desk.credential}` },
    });
    expect(artefact.status).toBe(200);

    // The same version again, through the other instance: refused, and the feed unchanged.
    await expect(publish(two, '9.1.0')).rejects.toThrow(/already published|other contents/);
    expect((await feedFrom(one)).feed).toBe(first.feed);

    const second = await publish(two, '9.2.0');
    expect((await feedFrom(one)).feed).toBe(second.feed);
    // Rollout 0 through instance 1: instance 2 no longer offers 9.2.0.
    const rollout = await one.admin('POST', '/admin/updates/rollout', {
      channel: 'stable',
      platform: 'linux',
      version: '9.2.0',
      rollout: 0,
    });
    expect(rollout.status).toBe(200);
    expect((await feedFrom(two)).feed).toBe(first.feed);
    // A pin through instance 2 holds the site on 9.2.0 whatever its rollout, at instance 1 too.
    expect((await two.admin('PUT', `/admin/sites/${site}/update-pin`, { version: '9.2.0' })).status).toBe(
      200,
    );
    expect((await feedFrom(one)).feed).toBe(second.feed);
    // A pin to a version never published is refused, and the pin stays.
    expect((await one.admin('PUT', `/admin/sites/${site}/update-pin`, { version: '9.9.9' })).status).toBe(
      404,
    );
    expect((await feedFrom(two)).feed).toBe(second.feed);

    const overview = (await two.admin('GET', '/admin/updates')).body as {
      releases: { version: string; rollout: number }[];
      pins: { siteId: string; version: string }[];
      history: { action: string }[];
    };
    expect(overview.releases.map((r) => [r.version, r.rollout])).toEqual([
      ['9.2.0', 0],
      ['9.1.0', 100],
    ]);
    expect(overview.pins).toMatchObject([{ siteId: site, version: '9.2.0' }]);
    expect(overview.history.map((h) => h.action).reverse()).toEqual([
      'artefact.store',
      'release.publish',
      'artefact.store',
      'release.publish',
      'release.rollout',
      'site.pin',
    ]);
  });
});
