// The pass lifecycle at the desk on a real station database: look up, revoke, extend, reissue.
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_SITE } from '../../src/main/demo';
import { checkPass, issuePass } from '../../src/main/passes/service';
import { EXPIRE_BATCH } from '../../src/main/passes/lifecycle';
import { newId } from '../../src/shared/ids';
import { canMovePass, PASS_STATUSES } from '../../src/shared/domain';
import type { ApiError } from '../../src/shared/errors';
import { as, tableCounts, tempStation, writeAsStation, type TestStation } from '../support/station';

const stations: TestStation[] = [];
afterEach(() => stations.splice(0).forEach((s) => s.dispose()));

const HOUR = 3_600_000;
const rejection = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: ApiError) => e,
  );

async function desk() {
  const s = await tempStation();
  stations.push(s);
  const visitId = s.core.db.$client.prepare('SELECT id FROM visits LIMIT 1').pluck().get() as string;
  const now = s.core.now();
  const issued = writeAsStation(s, (ctx) =>
    issuePass(ctx, {
      passId: newId(),
      visitId,
      siteId: DEMO_SITE.id,
      kind: 'visit',
      validFrom: new Date(now.getTime() - 60_000),
      validUntil: new Date(now.getTime() + 2 * HOUR),
      zoneIds: 'all',
      multiEntry: true,
    }),
  );
  const check = (token: string) =>
    checkPass(s.core.db, token, { siteId: DEMO_SITE.id, zoneId: null, now: new Date() });
  return { s, visitId, ...issued, reception: s.client(as('reception')), check };
}

describe('pass status', () => {
  it('only moves forward, and revoked wins', () => {
    expect(canMovePass('active', 'used')).toBe(true);
    expect(canMovePass('used', 'revoked')).toBe(true);
    expect(canMovePass('expired', 'revoked')).toBe(true);
    expect(canMovePass('used', 'active')).toBe(false);
    expect(canMovePass('expired', 'used')).toBe(false);
    for (const to of PASS_STATUSES) expect(canMovePass('revoked', to)).toBe(false);
  });
});

describe('the desk', () => {
  it('looks a scanned pass up with its visit, and never shows an unverified one', async () => {
    const { token, passId, visitId, reception } = await desk();
    expect(await reception.passes.lookup({ text: `${token}\n` })).toMatchObject({
      valid: true,
      reason: null,
      pass: { id: passId, status: 'active' },
      visit: { id: visitId },
    });
    expect(await reception.passes.lookup({ text: 'GH1:ZZZ' })).toEqual({
      valid: false,
      reason: 'malformed',
      pass: null,
      visit: null,
    });
  });

  it('revokes a pass, which is then refused, with the reason in the audit log', async () => {
    const { s, token, passId, reception, check } = await desk();
    expect(await reception.passes.revoke({ passId, reason: 'Badge lost in car park' })).toMatchObject({
      status: 'revoked',
    });
    expect(check(token)).toMatchObject({ ok: false, reason: 'revoked' });
    const [entry] = (await s.client(as('admin')).audit.list({ limit: 1 })).entries;
    expect(entry).toMatchObject({ action: 'passes.revoke', details: { reason: 'Badge lost in car park' } });
  });

  it('extends a pass with a new signed pass and revokes the old one', async () => {
    const { s, token, passId, visitId, reception, check } = await desk();
    const until = new Date(Date.now() + 6 * HOUR).toISOString();
    const extended = await reception.passes.extend({ passId, validUntil: until });
    expect(extended.pass).toMatchObject({ visitId, status: 'active', validUntil: until });
    expect(extended.pass.id).not.toBe(passId);
    expect(check(extended.token)).toMatchObject({ ok: true });
    expect(check(token)).toMatchObject({ ok: false, reason: 'revoked' });
    const { passes } = await reception.passes.forVisit({ visitId });
    expect(passes.map((p) => [p.id, p.status])).toEqual([
      [extended.pass.id, 'active'],
      [passId, 'revoked'],
    ]);
    // The new token is returned once and never stored.
    const dump = JSON.stringify(s.core.db.$client.prepare('SELECT * FROM passes').all());
    expect(dump).not.toContain(extended.token.slice(4, 40));
  });

  it('refuses an extension that shortens or runs past 30 days, and changes nothing', async () => {
    const { s, passId, reception } = await desk();
    const before = tableCounts(s);
    for (const hours of [1, 31 * 24]) {
      const error = await rejection(
        reception.passes.extend({ passId, validUntil: new Date(Date.now() + hours * HOUR).toISOString() }),
      );
      expect(error).toMatchObject({
        code: 'invalid_input',
        fields: { validUntil: { code: 'invalid_value' } },
      });
    }
    expect(tableCounts(s)).toEqual(before);
  });

  it('reissues a lost badge: new id and token, same validity, old one revoked', async () => {
    const { token, passId, validUntil, reception, check } = await desk();
    const reissued = await reception.passes.reissue({ passId });
    expect(reissued.pass.id).not.toBe(passId);
    expect(reissued.pass.validUntil).toBe(validUntil);
    expect(check(reissued.token)).toMatchObject({ ok: true });
    expect(check(token)).toMatchObject({ ok: false, reason: 'revoked' });
  });

  it('is the only place passes change: hosts and guards may not revoke or reissue', async () => {
    const { s, passId } = await desk();
    for (const role of ['host', 'security', 'visitor'] as const) {
      const error = await rejection(s.client(as(role)).passes.revoke({ passId, reason: 'no reason' }));
      expect(error?.code).toBe('forbidden');
    }
  });
});

describe('expiry', () => {
  it('marks the passes this station issued as expired once their time is up, in batches, for sync', async () => {
    let clock = new Date();
    const s = await tempStation({ now: () => clock });
    stations.push(s);
    const sql = s.core.db.$client;
    const visitId = sql.prepare('SELECT id FROM visits LIMIT 1').pluck().get() as string;
    const issue = (hours: number) =>
      writeAsStation(s, (ctx) =>
        issuePass(ctx, {
          passId: newId(),
          visitId,
          siteId: DEMO_SITE.id,
          kind: 'visit',
          validFrom: new Date(clock.getTime() - 60_000),
          validUntil: new Date(clock.getTime() + hours * HOUR),
          zoneIds: 'all',
          multiEntry: true,
        }),
      ).passId;
    // More short passes than one batch holds (copies of one signed pass's row: expiry reads rows, not
    // tokens), one long pass, one revoked, and one another station issued.
    const first = issue(1);
    const copy = sql.prepare(
      `INSERT INTO passes SELECT ? AS id, visit_id, site_id, ? AS token_hash, kind, status, valid_from, valid_until,
         zone_ids, multi_entry, issued_by_station_id, key_id, created_at, updated_at FROM passes WHERE id = ?`,
    );
    const short = [first];
    for (let i = 1; i < EXPIRE_BATCH + 5; i++) {
      const id = newId();
      copy.run(id, `copy-${id}`, first);
      short.push(id);
    }
    const long = issue(48);
    const revoked = issue(1);
    await s.client(as('reception')).passes.revoke({ passId: revoked, reason: 'lost badge' });
    const foreign = issue(1);
    sql.prepare('UPDATE passes SET issued_by_station_id = ? WHERE id = ?').run(newId(), foreign);
    const status = (id: string) => sql.prepare('SELECT status FROM passes WHERE id = ?').pluck().get(id);

    await s.scheduler.reschedule();
    expect(status(short[0]!)).toBe('active'); // not yet

    clock = new Date(clock.getTime() + 2 * HOUR);
    await s.scheduler.reschedule();
    expect(new Set(short.map(status))).toEqual(new Set(['expired']));
    expect([status(long), status(revoked), status(foreign)]).toEqual(['active', 'revoked', 'active']);
    const ops = sql
      .prepare(
        "SELECT count(*) FROM outbox_ops WHERE type = 'pass.status' AND payload ->> 'status' = 'expired'",
      )
      .pluck()
      .get();
    expect(ops).toBe(short.length);
    expect(short).toHaveLength(EXPIRE_BATCH + 5);
    const audits = sql
      .prepare("SELECT details FROM audit_entries WHERE action = 'passes.expireOverdue' ORDER BY seq")
      .pluck()
      .all() as string[];
    expect(audits.map((d) => (JSON.parse(d) as { expired: number }).expired)).toEqual([EXPIRE_BATCH, 5]);
  });
});
