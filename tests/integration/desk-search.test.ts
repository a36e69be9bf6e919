// Visit search at the desk and gate: plain words and fields over FTS5, date ranges in the site's time
// zone, statuses, zones, paging; bad syntax explained; only desk roles may search.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_SITE } from '../../src/main/demo';
import { newId } from '../../src/shared/ids';
import { as, tempStation, type TestStation } from '../support/station';
import { hostId, rejection, setStatus, staff, typeId, visitIdOf } from '../support/desk';

// 10:00 in London on Sunday 22 November 2026.
const NOW = new Date('2026-11-22T10:00:00Z');
let station: TestStation;
beforeEach(async () => {
  station = await tempStation({ now: () => NOW });
});
afterEach(() => station.dispose());

const names = (result: { visits: { visitor: { name: string } }[] }) =>
  result.visits.map((v) => v.visitor.name);

async function register(name: string, host: string, expectedAt: string, company?: string) {
  const client = station.client(staff(station, 'reception'));
  return client.visits.register({
    visitor: { name, ...(company ? { company } : {}) },
    hostId: hostId(station, host),
    visitorTypeId: typeId(station),
    expectedAt,
  });
}

describe('visit search', () => {
  it('finds visits by plain words in the visitor, company or host name, accents and case ignored', async () => {
    await register('John Smith', 'Ana Ruiz', '2026-11-20T09:00:00Z', 'Acme Rockets');
    await register('Jane Smithers', 'José Müller', '2026-11-21T09:00:00Z');
    const search = station.client(staff(station, 'security')).visits.search;

    expect(names(await search({ query: 'smith' }))).toEqual(['Jane Smithers', 'John Smith']);
    expect(names(await search({ query: 'ACME' }))).toEqual(['John Smith']);
    expect(names(await search({ query: 'jose muller' }))).toEqual(['Jane Smithers']);
    expect(names(await search({ query: 'name:smith host:"Ana Ruiz" company:acme' }))).toEqual(['John Smith']);
    expect(names(await search({ query: 'host:ruiz name:jane' }))).toEqual([]);
  });

  it('keeps the index in step when a visitor is renamed or the visit changes host', async () => {
    const visit = await register('Ada Byron', 'Ana Ruiz', '2026-11-22T09:00:00Z');
    const search = station.client(staff(station, 'reception')).visits.search;
    station.core.db.$client
      .prepare("UPDATE visitors SET name = 'Ada Lovelace' WHERE id = ?")
      .run(visit.visitor.id);
    expect(names(await search({ query: 'lovelace' }))).toEqual(['Ada Lovelace']);
    expect(names(await search({ query: 'byron' }))).toEqual([]);

    await station
      .client(staff(station, 'reception'))
      .visits.changeHost({ visitId: visit.id, hostId: hostId(station, 'Mei Chen') });
    expect(names(await search({ query: 'host:"mei chen"' }))).toEqual(['Ada Lovelace']);
    expect(names(await search({ query: 'host:ruiz lovelace' }))).toEqual([]);
  });

  it("reads date: in the site's time zone and status: as people say it", async () => {
    await register('Early Bird', 'Ana Ruiz', '2026-11-22T00:30:00Z'); // 00:30 London: today
    await register('Late Owl', 'Ana Ruiz', '2026-11-21T23:30:00Z'); // 23:30 London: yesterday
    const search = station.client(staff(station, 'security')).visits.search;

    const today = names(await search({ query: 'date:today' }));
    expect(today).toContain('Early Bird');
    expect(today).not.toContain('Late Owl');
    expect(names(await search({ query: 'date:yesterday' }))).toEqual(['Late Owl']);
    expect(names(await search({ query: 'date:2026-11-21..2026-11-22 owl' }))).toEqual(['Late Owl']);

    setStatus(station, visitIdOf(station, 'Late Owl'), 'checked_in', '2026-11-22T08:00:00Z');
    expect(names(await search({ query: 'status:on-site' }))).toEqual(['Late Owl']);
    expect(names(await search({ query: 'status:on-site status:expected bird' }))).toEqual(['Early Bird']);
  });

  it('filters by zone through the zones a visit’s pass opens', async () => {
    const visit = await register('Lab Visitor', 'Fatima Zahra', '2026-11-22T09:00:00Z');
    await register('Office Visitor', 'Fatima Zahra', '2026-11-22T09:00:00Z');
    const sqlite = station.core.db.$client;
    const lab = sqlite.prepare("SELECT id FROM zones WHERE name = 'Laboratory'").pluck().get() as string;
    sqlite
      .prepare(
        `INSERT INTO passes (id, visit_id, site_id, token_hash, kind, status, valid_from, valid_until, zone_ids,
           issued_by_station_id, key_id, created_at, updated_at)
         VALUES (?, ?, ?, 'h', 'visit', 'active', ?, ?, ?, 's', 'k', ?, ?)`,
      )
      .run(
        newId(),
        visit.id,
        DEMO_SITE.id,
        NOW.toISOString(),
        NOW.toISOString(),
        JSON.stringify([lab]),
        NOW.toISOString(),
        NOW.toISOString(),
      );
    const search = station.client(staff(station, 'security')).visits.search;
    expect(names(await search({ query: 'zone:laboratory' }))).toEqual(['Lab Visitor']);
    expect(names(await search({ query: 'zone:Warehouse' }))).toEqual([]);
  });

  it('pages newest first with a cursor, without repeats or gaps', async () => {
    for (let i = 0; i < 7; i++) await register(`Pager ${i}`, 'Mei Chen', `2026-11-${10 + i}T09:00:00Z`);
    const search = station.client(staff(station, 'admin')).visits.search;
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await search({ query: 'pager', limit: 3, ...(cursor ? { cursor } : {}) });
      expect(page.visits.length).toBeLessThanOrEqual(3);
      seen.push(...names(page));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0].map((i) => `Pager ${i}`));
  });

  it('explains bad syntax in a sentence and treats FTS operators as plain text', async () => {
    const search = station.client(staff(station, 'reception')).visits.search;
    const unknown = await rejection(search({ query: 'badge:42' }));
    expect(unknown.code).toBe('invalid_input');
    expect(unknown.message).toBe(
      'There is no search field called "badge"; use name, company, host, date, status, zone.',
    );
    expect((await rejection(search({ query: 'host:"Ana' }))).message).toBe(
      'The quote at character 6 is never closed.',
    );
    expect((await rejection(search({ query: 'x', cursor: 'nonsense' }))).code).toBe('invalid_input');
    // Characters that mean something to FTS5 are only word separators here.
    expect(names(await search({ query: 'grace* NEAR(hopper) ^col' }))).toEqual([]);
    expect(names(await search({ query: 'grace OR hopper' }))).toEqual([]);
    expect(names(await search({ query: '(grace) -hopper-' }))).toEqual(['Grace Hopper']);
  });

  it('is for the desk and security only', async () => {
    for (const role of ['host', 'visitor', 'station'] as const) {
      expect((await rejection(station.client(as(role)).visits.search({ query: 'grace' }))).code).toBe(
        'forbidden',
      );
    }
  });
});
