// Site templates and open enrollment codes in the console (#16, docs/console.md#site-templates), against the
// real server process on SQLite and on PostgreSQL. Refused first — no cookie, a station credential, the
// admin token, another web page's Origin — with nothing created, ended or audited; then a code ended early
// is refused at enrollment exactly as one that ran out, and a site made from a template gets, at its own
// stations, the template's settings, active visitor types, newest documents and device profile (without
// its addresses), and nothing else of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/shared/ids';
import { MAX_PULL_LIMIT, SYNC_PROTOCOL_VERSION, type ServerOp } from '../../src/shared/sync';
import {
  adminAudit,
  consoleCall,
  cookiePair,
  startConsoleServer,
  type ConsoleServer,
} from '../support/sync/console';
import { addSite, enrollRaw, post, pushRaw, rawOp } from '../support/sync/http';
import { adminCall } from '../support/sync/server';
import { until } from '../support/until';

const ADMIN_TOKEN = 'console-templates-admin-token';
const ADA = { login: 'ada', name: 'Ada Admin', password: 'correct horse battery staple' };

describe.each(['sqlite', 'postgres'] as const)('site templates and enrollment codes (%s)', (backend) => {
  let server: ConsoleServer;
  let base: string;
  let cookie: string;
  let me: string;
  const audit = () => adminAudit(base, ADMIN_TOKEN);
  const call = (method: 'GET' | 'POST', route: string, body?: unknown, as = cookie) =>
    consoleCall(base, method, `/console/api${route}`, { cookie: as, body });
  const siteNames = async () =>
    ((await call('GET', '/sites')).body.sites as { name: string }[]).map((s) => s.name).sort();
  const openCodes = async (siteId: string) =>
    (await call('GET', `/sites/${siteId}/enrollment-codes`)).body.codes as Record<string, unknown>[];
  const newCode = async (siteId: string, role: string, ttlHours = 24) => {
    const answer = await call('POST', `/sites/${siteId}/enrollment-codes`, { role, ttlHours });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body as { id: string; code: string; expiresAt: string };
  };
  /** Every op a station of the site pulls, from the start. */
  const pulled = async (credential: string) => {
    const answer = await post(base, '/sync/pull', credential, {
      protocolVersion: SYNC_PROTOCOL_VERSION,
      cursor: 0,
      limit: MAX_PULL_LIMIT,
    });
    expect(answer.status).toBe(200);
    return answer.body.ops as ServerOp[];
  };

  beforeAll(async () => {
    server = await startConsoleServer(backend, ADA, { GATEHOUSE_ADMIN_TOKEN: ADMIN_TOKEN });
    base = server.base;
    const signedIn = await consoleCall(base, 'POST', '/console/api/session', {
      body: { login: ADA.login, password: ADA.password },
    });
    expect(signedIn.status).toBe(200);
    cookie = cookiePair(signedIn.setCookie);
    me = ((await call('GET', '/session')).body.session as { admin: { id: string } }).admin.id;
  });
  afterAll(() => server?.stop());

  it('refuses creating a site and listing or ending codes without a console session, or from another page', async () => {
    const siteId = await addSite(base, ADMIN_TOKEN, 'Refusal Reach');
    const { credential } = await enrollRaw(base, ADMIN_TOKEN, siteId, 'gate');
    const open = await newCode(siteId, 'kiosk');
    const sites = await siteNames();
    const before = await audit();
    const actions: ['GET' | 'POST', string, unknown][] = [
      ['POST', '/sites', { name: 'Mallory Towers', templateSiteId: siteId }],
      ['GET', `/sites/${siteId}/enrollment-codes`, undefined],
      ['POST', `/sites/${siteId}/enrollment-codes/${open.id}/expire`, {}],
    ];
    for (const [method, route, body] of actions) {
      const path = `/console/api${route}`;
      expect((await consoleCall(base, method, path, { body })).status, `${route} without a cookie`).toBe(401);
      for (const authorization of [`Bearer ${credential}`, `Bearer ${ADMIN_TOKEN}`])
        expect((await consoleCall(base, method, path, { body, authorization })).status, route).toBe(401);
      if (method === 'POST')
        for (const origin of ['http://evil.example', null])
          expect((await consoleCall(base, method, path, { body, cookie, origin })).status, route).toBe(403);
    }
    // Nothing happened: no site, the code is still open and enrolls a station, nothing was audited.
    expect(await siteNames()).toEqual(sites);
    expect(await audit()).toEqual(before);
    expect((await openCodes(siteId)).map((c) => c.id)).toEqual([open.id]);
    expect((await post(base, '/enroll/claim', null, { code: open.code })).status).toBe(200);
  });

  it('lists a site’s open codes without the codes, and one ended now is refused as any expired code is', async () => {
    const siteId = await addSite(base, ADMIN_TOKEN, 'Expiry Wharf');
    const other = await addSite(base, ADMIN_TOKEN, 'Other Wharf');
    const kiosk = await newCode(siteId, 'kiosk');
    const gate = await newCode(siteId, 'gate', 2);
    const used = await newCode(siteId, 'desk');
    const elsewhere = await newCode(other, 'desk');
    expect((await post(base, '/enroll/claim', null, { code: used.code })).status).toBe(200);

    // Soonest to expire first; a used code is not open; never a code or its hash.
    const listed = await openCodes(siteId);
    expect(listed).toEqual([
      { id: gate.id, siteId, role: 'gate', createdAt: expect.any(String), expiresAt: gate.expiresAt },
      { id: kiosk.id, siteId, role: 'kiosk', createdAt: expect.any(String), expiresAt: kiosk.expiresAt },
    ]);
    expect(JSON.stringify(listed)).not.toContain(gate.code);

    // A code that ran out by itself: what a station presenting it is told.
    const short = await newCode(siteId, 'kiosk', 0.0003);
    await until(
      async () => !(await openCodes(siteId)).some((c) => c.id === short.id),
      'the one-second code to run out',
    );
    const ranOut = await post(base, '/enroll/claim', null, { code: short.code });
    expect(ranOut.status).toBe(410);
    expect(ranOut.body.message).toMatch(/expired/);

    // Refused, changing nothing: an unknown code, another site's code, a used one.
    const before = await audit();
    const expire = (site: string, codeId: string) =>
      call('POST', `/sites/${site}/enrollment-codes/${codeId}/expire`, {});
    expect((await expire(siteId, 'no-such-code')).status).toBe(404);
    expect((await expire('no-such-site', gate.id)).status).toBe(404);
    expect((await expire(siteId, elsewhere.id)).status).toBe(404);
    const usedAgain = await expire(siteId, used.id);
    expect(usedAgain.status).toBe(409);
    expect(usedAgain.body.message).toMatch(/already been used/);
    expect((await call('GET', '/sites/no-such-site/enrollment-codes')).status).toBe(404);
    expect(await audit()).toEqual(before);
    expect((await openCodes(other)).map((c) => c.id)).toEqual([elsewhere.id]);

    // The gate's code ended now: gone from the list, refused like the one that ran out, audited once.
    const ended = await expire(siteId, gate.id);
    expect(ended.status).toBe(200);
    expect((await openCodes(siteId)).map((c) => c.id)).toEqual([kiosk.id]);
    const refused = await post(base, '/enroll/claim', null, { code: gate.code });
    expect(refused).toEqual(ranOut);
    const again = await expire(siteId, gate.id);
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/already expired/);
    expect((await audit()).slice(before.length)).toEqual([
      expect.objectContaining({
        action: 'console.enrollment_code_expire',
        details: { siteId, codeId: gate.id, role: 'gate', by: me },
      }),
    ]);
    // No gate was enrolled at the site; the kiosk's code still works.
    const stations = (await call('GET', `/sites/${siteId}/stations`)).body.stations as { role: string }[];
    expect(stations.map((s) => s.role)).toEqual(['desk']);
    expect((await post(base, '/enroll/claim', null, { code: kiosk.code })).status).toBe(200);
  });

  it('creates a site from a template: its settings, active types, newest documents and device profile reach the new site’s stations, nothing else', async () => {
    // The template: a starter site made in the console, then changed as its administrators would.
    const made = await call('POST', '/sites', { name: 'Harbour Office', timezone: 'Asia/Tokyo' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const template = made.body.site as { id: string; setupCode: string; defaultLanguage: string };
    expect(template.setupCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const settings = { capacity: 7, kioskIdleSeconds: 42, retentionDays: 90, autoCheckOutTime: '19:30' };
    expect((await call('POST', `/sites/${template.id}/settings`, settings)).status).toBe(200);
    expect(
      (
        await call('POST', `/sites/${template.id}/staff`, {
          name: 'Gus Guard',
          login: 'gus',
          email: null,
          role: 'security',
          secret: { kind: 'pin', value: '5678' },
        })
      ).status,
    ).toBe(201);
    expect(
      (await call('POST', `/sites/${template.id}/hosts/import`, { csv: 'name\nAda Lovelace\n' })).status,
    ).toBe(200);
    // At its desk: a zone limit, version 2 of the Visitor NDA, Interview retired; and an Auditor type.
    const desk = await enrollRaw(base, ADMIN_TOKEN, template.id, 'desk');
    const typesAt = async (credential: string) =>
      (await pulled(credential)).filter((op) => op.type === 'visitorType.upsert');
    const types = await typesAt(desk.credential);
    const typeId = (en: string) =>
      types.find((op) => (op.payload.names as { en: string }).en === en)!.entityId;
    const at = new Date().toISOString();
    const pushed = await pushRaw(base, desk.credential, [
      rawOp(desk.stationId, 1, {
        type: 'site.settings',
        entityId: template.id,
        siteId: template.id,
        payload: { zoneCapacities: { 'zone-lobby': 3 } },
      }),
      rawOp(desk.stationId, 2, {
        type: 'visitorTypeDocument.publish',
        siteId: template.id,
        payload: {
          visitorTypeId: typeId('Visitor'),
          key: 'nda',
          version: 2,
          titles: { en: 'Confidentiality agreement, 2nd edition' },
          bodies: { en: 'Version two.' },
          createdAt: at,
        },
      }),
      rawOp(desk.stationId, 3, {
        type: 'visitorType.upsert',
        entityId: typeId('Interview'),
        siteId: template.id,
        payload: { active: false, updatedAt: at },
      }),
      // Its device profile, shared with the desk's own addresses.
      rawOp(desk.stationId, 4, {
        type: 'deviceProfile.share',
        entityId: template.id,
        siteId: template.id,
        payload: {
          siteId: template.id,
          devices: {
            scanners: [],
            relays: [
              { kind: 'lcus', id: 'door', name: 'Door', path: '/dev/ttyUSB0', pulseMs: 800, usb: null },
            ],
            printers: [{ kind: 'zpl', id: 'labels', name: 'Labels', host: '10.1.2.3', port: 9100 }],
            defaultPrinterId: null,
          },
          includesAddresses: true,
          sharedByStationId: desk.stationId,
          createdAt: at,
          updatedAt: at,
        },
      }),
    ]);
    expect(pushed.body.rejected).toEqual([]);
    const auditor = newId();
    await adminCall(base, ADMIN_TOKEN, '/admin/ops', {
      ops: [
        {
          type: 'visitorType.upsert',
          entityId: auditor,
          siteId: template.id,
          payload: {
            siteId: template.id,
            names: { en: 'Auditor' },
            color: '#123456',
            requiresId: true,
            sortOrder: 9,
            createdAt: at,
            updatedAt: at,
          },
        },
      ],
    });

    // Refused, creating nothing: an unknown template, a name in use (case and accents aside), bad input.
    const sites = await siteNames();
    const before = await audit();
    const unknown = await call('POST', '/sites', { name: 'Harbour East', templateSiteId: 'no-such-site' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/no site no-such-site/);
    const taken = await call('POST', '/sites', { name: ' harbour office ', templateSiteId: template.id });
    expect(taken.status).toBe(409);
    expect(taken.body.message).toMatch(/already a site named/);
    for (const body of [
      { templateSiteId: template.id },
      { name: 'Harbour East' },
      { name: 'Harbour East', timezone: 'Mars/Olympus', templateSiteId: template.id },
      { name: 'Harbour East', defaultLanguage: 'xx', templateSiteId: template.id },
      { name: 'Harbour East', templateSiteId: template.id, id: newId() },
    ])
      expect((await call('POST', '/sites', body)).status, JSON.stringify(body)).toBe(400);
    expect(await siteNames()).toEqual(sites);
    expect(await audit()).toEqual(before);

    const created = await call('POST', '/sites', { name: 'Harbour East', templateSiteId: template.id });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const site = created.body.site as { id: string; timezone: string; setupCode: string };
    // The template's time zone, and a setup code of its own for its first admin.
    expect(site).toMatchObject({ name: 'Harbour East', timezone: 'Asia/Tokyo', defaultLanguage: 'en' });
    expect(site.setupCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(site.setupCode).not.toBe(template.setupCode);

    // As the console shows it: the template's settings, but no zone limit (its zones are the template's).
    expect((await call('GET', `/sites/${site.id}/settings`)).body.settings).toMatchObject({
      ...settings,
      zoneCapacities: {},
    });
    expect((await call('GET', `/sites/${site.id}/staff`)).body.staff).toEqual([]);

    // As a kiosk of the new site pulls it: the active types (Interview was retired), the newest NDA,
    // a Reception host of its own, and nothing of the template's staff, hosts or stations.
    const kiosk = await enrollRaw(base, ADMIN_TOKEN, site.id, 'kiosk');
    const ops = await pulled(kiosk.credential);
    const copied = ops.filter((op) => op.type === 'visitorType.upsert');
    expect(copied.map((op) => (op.payload.names as { en: string }).en).sort()).toEqual([
      'Auditor',
      'Contractor',
      'Delivery',
      'Visitor',
    ]);
    expect(copied.every((op) => op.siteId === site.id && op.payload.siteId === site.id)).toBe(true);
    expect(copied.map((op) => op.entityId)).not.toContain(auditor);
    const newTypeId = (en: string) =>
      copied.find((op) => (op.payload.names as { en: string }).en === en)!.entityId;
    expect(copied.find((op) => op.entityId === newTypeId('Auditor'))!.payload).toMatchObject({
      requiresId: true,
      color: '#123456',
    });
    const documents = ops.filter((op) => op.type === 'visitorTypeDocument.publish');
    expect(
      documents.map((op) => [op.payload.visitorTypeId, op.payload.version, op.payload.titles]).sort(),
    ).toEqual(
      [
        [newTypeId('Visitor'), 2, { en: 'Confidentiality agreement, 2nd edition' }],
        [newTypeId('Contractor'), 1, expect.objectContaining({ en: 'Confidentiality agreement' })],
      ].sort(),
    );
    expect(ops.filter((op) => op.type === 'host.upsert').map((op) => op.payload.name)).toEqual(['Reception']);
    expect(ops.filter((op) => op.type === 'staff.upsert')).toEqual([]);
    // The template's device profile, for the new site's stations to adopt, without the template's addresses.
    expect(ops.filter((op) => op.type === 'deviceProfile.share')).toEqual([
      expect.objectContaining({
        entityId: site.id,
        payload: expect.objectContaining({
          siteId: site.id,
          includesAddresses: false,
          sharedByStationId: null,
          devices: {
            scanners: [],
            relays: [{ kind: 'lcus', id: 'door', name: 'Door', path: null, pulseMs: 800, usb: null }],
            printers: [{ kind: 'zpl', id: 'labels', name: 'Labels', host: null, port: 9100 }],
            defaultPrinterId: null,
          },
        }),
      }),
    ]);
    expect(ops.every((op) => op.siteId === site.id || op.siteId === null)).toBe(true);

    // One audit entry, naming the template and what was copied.
    expect((await audit()).slice(before.length)).toEqual([
      expect.objectContaining({
        action: 'console.site_create',
        details: {
          siteId: site.id,
          name: 'Harbour East',
          starter: true,
          templateSiteId: template.id,
          settings: ['autoCheckOutTime', 'capacity', 'kioskIdleSeconds', 'retentionDays'],
          visitorTypes: 4,
          documents: 2,
          deviceProfile: true,
          by: me,
        },
      }),
    ]);
  });
});
