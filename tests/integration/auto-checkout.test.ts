import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { lastCheckOutDue, nextCheckOutDue } from '../../src/main/scheduler';
import { as, tempStation, type TestStation } from '../support/station';

describe('the daily check-out time', () => {
  it('is found in the site’s time zone, across a daylight-saving change', () => {
    // London leaves summer time on 25 October 2026 at 02:00.
    const before = new Date('2026-10-24T20:30:00Z'); // 21:30 BST
    expect(lastCheckOutDue(before, 'Europe/London', '20:00').toISOString()).toBe('2026-10-24T19:00:00.000Z');
    expect(nextCheckOutDue(before, 'Europe/London', '20:00').toISOString()).toBe('2026-10-25T20:00:00.000Z');
    const morning = new Date('2026-10-26T08:00:00Z');
    expect(lastCheckOutDue(morning, 'Europe/London', '20:00').toISOString()).toBe('2026-10-25T20:00:00.000Z');
  });
});

/** A time today in the demo site's zone (the demo visits are expected today). */
const today = (hour: number, minute = 0, days = 0) =>
  DateTime.now().setZone('Europe/London').startOf('day').plus({ days }).set({ hour, minute }).toJSDate();

describe('automatic check-out', () => {
  let station: TestStation;
  afterEach(() => station.dispose());

  it('checks out everyone still on site at the configured time, recorded as automatic', async () => {
    let clock = today(10);
    station = await tempStation({ now: () => clock });
    const reception = station.client(as('reception'));
    const [first, second] = (await reception.visits.today()).visits;
    await reception.visits.checkIn({ visitId: first!.id });
    await reception.visits.checkIn({ visitId: second!.id });
    await reception.visits.checkOut({ visitId: second!.id });

    clock = today(20, 5); // five minutes after the default 20:00
    await station.scheduler.reschedule();

    const visit = station.core.db.$client
      .prepare('SELECT status, check_out_method, checked_out_at FROM visits WHERE id = ?')
      .get(first!.id);
    expect(visit).toEqual({
      status: 'checked_out',
      check_out_method: 'automatic',
      checked_out_at: clock.toISOString(),
    });
    const desk = station.core.db.$client
      .prepare('SELECT check_out_method FROM visits WHERE id = ?')
      .pluck()
      .get(second!.id);
    expect(desk).toBe('desk');
    const [entry] = (await station.client(as('admin')).audit.list({ limit: 1 })).entries;
    expect(entry).toMatchObject({
      action: 'visits.autoCheckOut',
      role: 'station',
      details: { visitIds: [first!.id] },
    });
  });

  it('leaves people who arrived after the check-out time, and can be switched off', async () => {
    let clock = today(20, 30);
    station = await tempStation({ now: () => clock });
    const reception = station.client(as('reception'));
    const [late] = (await reception.visits.today()).visits;
    await reception.visits.checkIn({ visitId: late!.id });
    clock = today(21);
    await station.scheduler.reschedule();
    expect((await reception.visits.today()).visits.find((v) => v.id === late!.id)?.status).toBe('checked_in');

    await station.client(as('admin')).settings.updateSite({ autoCheckOutTime: null });
    clock = today(21, 0, 1);
    await station.scheduler.reschedule();
    const status = station.core.db.$client
      .prepare('SELECT status FROM visits WHERE id = ?')
      .pluck()
      .get(late!.id);
    expect(status).toBe('checked_in');
  });
});

describe('site settings', () => {
  let station: TestStation;
  afterEach(() => station.dispose());

  it('start from defaults, change only what an admin gives, and refuse bad values', async () => {
    station = await tempStation();
    const admin = station.client(as('admin'));
    expect(await admin.settings.site()).toMatchObject({ kioskIdleSeconds: 60, autoCheckOutTime: '20:00' });
    expect(await admin.settings.updateSite({ kioskIdleSeconds: 90 })).toMatchObject({
      kioskIdleSeconds: 90,
      autoCheckOutTime: '20:00',
    });
    const bad = await admin.settings
      .updateSite({ autoCheckOutTime: '25:00' })
      .catch((e: { code: string; fields: object }) => e);
    expect(bad).toMatchObject({
      code: 'invalid_input',
      fields: { autoCheckOutTime: { code: 'invalid_format' } },
    });
    expect((await station.client(as('visitor')).settings.site()).kioskIdleSeconds).toBe(90);
    const refused = await station
      .client(as('reception'))
      .settings.updateSite({ kioskIdleSeconds: 30 })
      .catch((e: { code: string }) => e.code);
    expect(refused).toBe('forbidden');
  });
});
