// kiosk.delivery on a real demo kiosk: a delivery in two taps (the type, then the recipient or
// reception) checks in as a walk-in of the Delivery type, tells the host as a check-in does, and is
// audited; a type that asks more of the person, or an unknown host, is refused and changes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiError } from '../../src/shared/errors';
import { hostId, typeId } from '../support/desk';
import { as, tableCounts, tempStation, type TestStation } from '../support/station';

let station: TestStation;
beforeEach(async () => {
  station = await tempStation({ preset: { kind: 'kiosk' } });
});
afterEach(() => station.dispose());

const kiosk = () => station.client(as('visitor'));
const rows = <T>(sql: string, ...args: unknown[]) => station.core.db.$client.prepare(sql).all(...args) as T[];
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: ApiError) => e,
  );

describe('kiosk.delivery refuses, changing nothing', () => {
  it('a type that asks more of the visitor (the Visitor type has an NDA)', async () => {
    const before = tableCounts(station);
    const refused = await refusal(
      kiosk().kiosk.delivery({
        visitorTypeId: typeId(station, 'Visitor'),
        hostId: hostId(station, 'Ana Ruiz'),
        language: 'en',
      }),
    );
    expect(refused?.code).toBe('invalid_input');
    expect(refused?.message).toBe(
      'This visitor type asks more of the visitor than a delivery: please check in.',
    );
    const { audit_entries: _audit, ...after } = tableCounts(station);
    const { audit_entries: _before, ...unchanged } = before;
    expect(after).toEqual(unchanged);
  });

  it('a host that does not exist, and a Contractor (photo, ID, approval)', async () => {
    const before = rows('SELECT id FROM visits').length;
    const unknown = await refusal(
      kiosk().kiosk.delivery({
        visitorTypeId: typeId(station, 'Delivery'),
        hostId: 'nobody',
        language: 'en',
      }),
    );
    expect(unknown?.code).toBeDefined();
    const contractor = await refusal(
      kiosk().kiosk.delivery({ visitorTypeId: typeId(station, 'Contractor'), hostId: null, language: 'en' }),
    );
    expect(contractor?.code).toBe('invalid_input');
    expect(rows('SELECT id FROM visits')).toHaveLength(before);
  });
});

describe('kiosk.delivery', () => {
  it('for a host: checked in as a Delivery, the host told, audited', async () => {
    const ana = hostId(station, 'Ana Ruiz');
    const done = await kiosk().kiosk.delivery({
      visitorTypeId: typeId(station, 'Delivery'),
      hostId: ana,
      language: 'en',
    });
    expect(done).toEqual({ hostName: 'Ana Ruiz', hostNotified: true });
    const [visit] = rows<{ id: string; status: string; host_id: string; name: string }>(
      `SELECT v.id, v.status, v.host_id, p.name FROM visits v JOIN visitors p ON p.id = v.visitor_id
       WHERE v.visitor_type_id = ? AND v.created_at = (SELECT max(created_at) FROM visits)`,
      typeId(station, 'Delivery'),
    );
    expect(visit).toMatchObject({ status: 'checked_in', host_id: ana, name: 'Delivery' });
    expect(rows('SELECT kind, host_id FROM notifications WHERE visit_id = ?', visit!.id)).toEqual([
      { kind: 'visitor.arrived', host_id: ana },
    ]);
    const audit = rows<{ outcome: string; details: string }>(
      "SELECT outcome, details FROM audit_entries WHERE action = 'kiosk.delivery'",
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.outcome).toBe('ok');
    expect(JSON.parse(audit[0]!.details)).toMatchObject({
      visitId: visit!.id,
      delivery: { forReception: false },
    });
  });

  it('for reception: no host to tell, the desk sees it', async () => {
    const done = await kiosk().kiosk.delivery({
      visitorTypeId: typeId(station, 'Delivery'),
      hostId: null,
      language: 'de',
    });
    expect(done).toEqual({ hostName: null, hostNotified: false });
    const [visit] = rows<{ id: string; status: string; host_id: string | null }>(
      "SELECT v.id, v.status, v.host_id FROM visits v JOIN audit_entries a ON json_extract(a.details, '$.visitId') = v.id WHERE a.action = 'kiosk.delivery'",
    );
    expect(visit).toMatchObject({ status: 'checked_in', host_id: null });
    expect(rows('SELECT id FROM notifications WHERE visit_id = ?', visit!.id)).toEqual([]);
  });
});
