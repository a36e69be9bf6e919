// Which station kinds may sign which passes (issue #14): a stolen or cloned kiosk holds the kiosk's private
// key, so it can sign whatever it likes. Gates honour from a kiosk (or gate) key only a pass for one site
// day, and a kiosk refuses up front to sign a longer one; a desk signs passes of any length.
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_SITE } from '../../src/main/demo';
import { issuePass } from '../../src/main/passes/service';
import { issuePassToken, type PassClaims } from '../../src/main/passes/token';
import type { ApiError } from '../../src/shared/errors';
import { newId } from '../../src/shared/ids';
import { as, siteStation, tableCounts, tempStation, type TestStation } from '../support/station';

const HOUR = 3_600_000;
const stations: TestStation[] = [];
afterEach(() => stations.splice(0).forEach((s) => s.dispose()));

async function gateWithVisitor() {
  const gate = await tempStation({ preset: { kind: 'gate' } });
  stations.push(gate);
  const sql = gate.core.db.$client;
  const staff = (login: string) =>
    sql.prepare('SELECT id FROM staff_users WHERE login = ?').pluck().get(login) as string;
  const visitId = sql
    .prepare("SELECT v.id FROM visits v JOIN visitors p ON p.id = v.visitor_id WHERE p.name = 'Grace Hopper'")
    .pluck()
    .get() as string;
  const guard = gate.client(as('security', staff('security')));
  return { gate, guard, visitId, reception: gate.client(as('reception', staff('reception'))) };
}

describe('a pass signed with a kiosk’s key', () => {
  it('is refused at the gate for longer than a day, and security gets an incident', async () => {
    const { gate, guard, reception, visitId } = await gateWithVisitor();
    await reception.visits.checkIn({ visitId });
    // Whoever copied the kiosk's data directory signs with its key directly, bypassing its checks.
    const stolen = siteStation(gate, 'kiosk').key;
    const now = gate.core.now().getTime();
    const forge = (claims: Partial<PassClaims>) =>
      issuePassToken(
        {
          passId: newId(),
          siteId: DEMO_SITE.id,
          kind: 'visit',
          validFrom: new Date(now - 60_000),
          validUntil: new Date(now + 8 * HOUR),
          zoneIds: 'all',
          multiEntry: true,
          ...claims,
        },
        stolen,
      );
    const scan = (text: string) => guard.gate.scan({ text, direction: 'entry' });

    const week = await scan(forge({ validUntil: new Date(now + 7 * 24 * HOUR) }));
    expect(week).toMatchObject({ granted: false, reason: 'beyond_signer' });
    const fiveDays = await scan(forge({ validFrom: new Date(now - 4 * 24 * HOUR) }));
    expect(fiveDays).toMatchObject({ granted: false, reason: 'beyond_signer' });
    const incidents = (await guard.incidents.list({})).incidents.map((i) => i.title);
    expect(incidents).toEqual(['Refused at the gate (beyond_signer)']);

    // What a kiosk really issues (a visit pass for the rest of the day) still opens the gate.
    expect(await scan(forge({}))).toMatchObject({ granted: true, reason: null });
  });

  it('is never signed by the kiosk itself beyond its rights; the desk signs the long pass the gate accepts', async () => {
    const { gate, guard, reception, visitId } = await gateWithVisitor();
    const kiosk = siteStation(gate, 'kiosk');
    const before = tableCounts(gate);
    const week = (validUntil: Date) => ({
      passId: newId(),
      visitId,
      siteId: DEMO_SITE.id,
      kind: 'visit' as const,
      validFrom: gate.core.now(),
      validUntil,
      zoneIds: 'all' as const,
      multiEntry: true,
    });
    const inAWeek = new Date(gate.core.now().getTime() + 7 * 24 * HOUR);
    const refused = (() => {
      try {
        kiosk.write((ctx) => issuePass(ctx, week(inAWeek)));
        return null;
      } catch (error) {
        return error as ApiError;
      }
    })();
    expect(refused).toMatchObject({
      code: 'forbidden',
      message: 'A kiosk station may issue passes for the day only; the desk issues longer ones.',
    });
    expect(tableCounts(gate)).toEqual(before);

    await reception.visits.checkIn({ visitId });
    const desk = siteStation(gate, 'desk');
    const long = desk.write((ctx) => issuePass(ctx, week(inAWeek)));
    const verdict = await guard.gate.scan({ text: long.token, direction: 'entry' });
    expect(verdict).toMatchObject({ granted: true, pass: { id: long.passId } });
  });
});
