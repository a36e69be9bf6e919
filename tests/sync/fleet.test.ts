// What an admin sets at a desk reaches every station of the site, and no other site, through a real sync
// server: site settings, visitor types with their documents, hosts, and staff accounts, whose revocation
// ends their sessions on every station at its next sync.
import { describe, expect, it } from 'vitest';
import type { Station } from '../../src/main/station';
import type { StationEvent } from '../../src/shared/events';
import { syncRepo } from '../../src/db/repos/sync';
import { as } from '../support/station';
import { enrolledStations, syncedUntil, until } from '../support/sync/enrolled';
import { useSyncServer } from '../support/sync/server';

const ADMIN = 'test-admin-token';
const server = useSyncServer('fleet', ADMIN);
const { site, station, pushed } = enrolledStations(server, ADMIN);

/** Grace, a security guard with PIN 5678, added at the desk and pushed to the server. */
async function addGuard(desk: Station) {
  const user = await desk.client(as('admin')).staff.add({
    name: 'Grace Guard',
    login: 'grace',
    email: null,
    role: 'security',
    secret: { kind: 'pin', value: '5678' },
  });
  await pushed(desk);
  return user;
}

const hasAccounts = (s: Station, count: number) =>
  syncedUntil(
    s,
    () => s.client(as('admin')).staff.list({}),
    (v) => v.users.length === count,
    `${count} accounts`,
  );

const signIn = (s: Station, login: string, secret: string) =>
  s.client(as('visitor')).session.signIn({ login, secret });

describe('what an admin sets reaches every station of the site', () => {
  it('a capacity and idle time set at a desk hold at the kiosk of the same site, not at another site', async () => {
    const harbour = await site('Harbour');
    const riverside = await site('Riverside');
    const desk = await station(harbour, 'desk');
    const kiosk = await station(harbour, 'kiosk');
    const otherKiosk = await station(riverside, 'kiosk');
    const events: StationEvent[] = [];
    kiosk.onEvent((e) => events.push(e));

    await desk.client(as('admin')).settings.updateSite({ capacity: 3, kioskIdleSeconds: 42 });
    await pushed(desk);
    const settings = await syncedUntil(
      kiosk,
      () => kiosk.client().settings.site(),
      (s) => s.capacity === 3,
      'the capacity at the kiosk',
    );
    expect(settings).toMatchObject({ capacity: 3, kioskIdleSeconds: 42, retentionDays: 365 });
    // The kiosk screen hears of it, so its idle timer changes without a restart.
    expect(events.some((e) => e.event === 'settings.changed')).toBe(true);

    // Nothing is held anywhere: the desk's op merged at the server and at the kiosk.
    expect(desk.sync.status()).toMatchObject({ held: 0, waiting: 0 });
    expect(kiosk.sync.status()).toMatchObject({ held: 0 });

    // Settings are set at a desk: the kiosk refuses rather than show a change the server would undo.
    await expect(kiosk.client(as('admin')).settings.updateSite({ capacity: 9 })).rejects.toMatchObject({
      code: 'forbidden',
    });

    // Another site's kiosk keeps its own settings.
    await otherKiosk.sync.client?.syncNow();
    await otherKiosk.sync.client?.syncNow();
    expect(await otherKiosk.client().settings.site()).toMatchObject({ capacity: null, kioskIdleSeconds: 60 });
  });

  it('a desk that an older build left with its settings op held merges it and shows nothing held', async () => {
    const harbour = await site('Harbour');
    const desk = await station(harbour, 'desk');
    await desk.client(as('admin')).settings.updateSite({ capacity: 7 });
    await pushed(desk);
    // As an older build left it: the server's ack said schema_unknown, so the op sits held, unmerged.
    const db = desk.core.db;
    await desk.sync.stop();
    const [sent] = syncRepo.sent(db).filter((r) => (r.op as { type: string }).type === 'site.settings');
    db.$client.transaction(() => {
      syncRepo.hold(db, {
        opId: sent!.opId,
        direction: 'out',
        reason: 'schema_unknown',
        serverSeq: sent!.serverSeq,
        op: sent!.op,
        heldAt: sent!.ackedAt,
      });
      db.$client.prepare("DELETE FROM sync_entities WHERE kind = 'siteSettings'").run();
    })();
    expect(desk.sync.status().held).toBe(1);

    desk.sync.start();
    await until(
      async () => {
        await desk.sync.client?.syncNow();
        return desk.sync.status().held;
      },
      (n) => n === 0,
      'the held op to merge',
    );
    expect(syncRepo.entity(db, 'siteSettings', harbour)?.fields.capacity?.v).toBe(7);
    expect(await desk.client().settings.site()).toMatchObject({ capacity: 7 });
  });

  it('two desks changing different settings offline both keep their change; the same setting, the later in server order', async () => {
    const harbour = await site('Harbour');
    const north = await station(harbour, 'desk');
    const south = await station(harbour, 'desk');
    await north.sync.stop();
    await south.sync.stop();
    await north.client(as('admin')).settings.updateSite({ capacity: 10, retentionDays: 30 });
    await south.client(as('admin')).settings.updateSite({ watchlistThreshold: 0.9, retentionDays: 90 });
    north.sync.start();
    await pushed(north);
    south.sync.start();
    await pushed(south);
    await north.sync.client?.syncNow();

    for (const desk of [north, south]) {
      expect(await desk.client().settings.site()).toMatchObject({
        capacity: 10,
        watchlistThreshold: 0.9,
        retentionDays: 90, // south's change reached the server second
      });
    }
  });

  it('visitor types with their documents and hosts added at a desk reach the kiosk of the site only', async () => {
    const harbour = await site('Harbour');
    const riverside = await site('Riverside');
    const desk = await station(harbour, 'desk');
    const kiosk = await station(harbour, 'kiosk');
    const otherKiosk = await station(riverside, 'kiosk');
    const admin = desk.client(as('admin'));
    const type = await admin.visitorTypes.save({
      names: { en: 'Contractor' },
      color: '#aa5500',
      photo: 'required',
      requiresId: true,
      requiresApproval: false,
      customFields: [],
    });
    await admin.visitorTypes.addDocumentVersion({
      typeId: type.id,
      key: 'nda',
      titles: { en: 'NDA' },
      bodies: { en: 'Keep it secret.' },
    });
    await admin.hosts.save({ name: 'Ana Ruiz', email: 'ana@example.com', phone: null, department: null });
    await pushed(desk);

    const kioskTypes = await syncedUntil(
      kiosk,
      () => kiosk.client(as('admin')).visitorTypes.adminList({}),
      (v) => v.types.length === 1 && v.types[0]!.documents.length === 1,
      'the type and its document at the kiosk',
    );
    expect(kioskTypes.types[0]).toMatchObject({ names: { en: 'Contractor' }, requiresId: true });
    expect((await kiosk.client(as('admin')).hosts.list({})).hosts.map((h) => h.name)).toEqual(['Ana Ruiz']);

    await otherKiosk.sync.client?.syncNow();
    expect((await otherKiosk.client(as('admin')).visitorTypes.adminList({})).types).toEqual([]);
    expect((await otherKiosk.client(as('admin')).hosts.list({})).hosts).toEqual([]);
  });
});

describe('staff accounts reach every station of the site', () => {
  it('an account made at the desk signs in at a gate that was offline then, once it syncs; it stays usable offline', async () => {
    const harbour = await site('Harbour');
    const riverside = await site('Riverside');
    const desk = await station(harbour, 'desk');
    const gate = await station(harbour, 'gate');
    const otherGate = await station(riverside, 'gate');
    await gate.sync.stop(); // offline from here

    await addGuard(desk);
    await expect(signIn(gate, 'grace', '5678')).rejects.toMatchObject({ code: 'unauthenticated' });

    gate.sync.start();
    await syncedUntil(
      gate,
      () => gate.client(as('admin')).staff.list({}),
      (v) => v.users.some((u) => u.login === 'grace'),
      'the account at the gate',
    );
    const session = await signIn(gate, 'grace', '5678');
    expect(session.user).toMatchObject({ name: 'Grace Guard', role: 'security' });
    // What travelled is the KDF hash, never the PIN.
    const stored = gate.core.db.$client
      .prepare("SELECT pin_hash FROM staff_users WHERE login = 'grace'")
      .pluck()
      .get() as string;
    expect(stored).not.toContain('5678');
    expect(JSON.stringify(server.store.db.$client.prepare('SELECT payload FROM ops').all())).not.toContain(
      '"5678"',
    );

    // Another site's gate never has it.
    await otherGate.sync.client?.syncNow();
    await expect(signIn(otherGate, 'grace', '5678')).rejects.toMatchObject({ code: 'unauthenticated' });

    // The server goes away: the gate keeps its last known accounts.
    await server.app.close();
    await expect(signIn(gate, 'grace', '5678')).resolves.toMatchObject({ user: { role: 'security' } });
  });

  it('a deactivated account is refused at every station after sync and its sessions there end', async () => {
    const harbour = await site('Harbour');
    const desk = await station(harbour, 'desk');
    const gate = await station(harbour, 'gate');
    const kiosk = await station(harbour, 'kiosk');
    const admin = desk.client(as('admin'));
    const user = await addGuard(desk);
    const sessions = [];
    for (const s of [gate, kiosk]) {
      await hasAccounts(s, 1);
      sessions.push({ s, token: (await signIn(s, 'grace', '5678')).token });
    }

    await admin.staff.update({ userId: user.id, active: false });
    await pushed(desk);
    for (const { s, token } of sessions) {
      await syncedUntil(
        s,
        async () => s.core.sessions.callerFor(token),
        (caller) => caller === null,
        'the session to end',
      );
      await expect(signIn(s, 'grace', '5678')).rejects.toMatchObject({ code: 'unauthenticated' });
    }
    await expect(signIn(desk, 'grace', '5678')).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('a new PIN or a changed role set at the desk ends the sessions at the gate; the old PIN is refused', async () => {
    const harbour = await site('Harbour');
    const desk = await station(harbour, 'desk');
    const gate = await station(harbour, 'gate');
    const admin = desk.client(as('admin'));
    const user = await addGuard(desk);
    await hasAccounts(gate, 1);
    let { token } = await signIn(gate, 'grace', '5678');

    await admin.staff.resetSecret({ userId: user.id, secret: { kind: 'pin', value: '9012' } });
    await pushed(desk);
    await syncedUntil(
      gate,
      async () => gate.core.sessions.callerFor(token),
      (caller) => caller === null,
      'the session to end after the new PIN',
    );
    await expect(signIn(gate, 'grace', '5678')).rejects.toMatchObject({ code: 'unauthenticated' });
    ({ token } = await signIn(gate, 'grace', '9012'));

    await admin.staff.update({ userId: user.id, role: 'reception' });
    await pushed(desk);
    await syncedUntil(
      gate,
      async () => gate.core.sessions.callerFor(token),
      (caller) => caller === null,
      'the session to end after the role change',
    );
    await expect(signIn(gate, 'grace', '9012')).resolves.toMatchObject({ user: { role: 'reception' } });
  });
});
