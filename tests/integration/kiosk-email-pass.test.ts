// The pass by e-mail at the kiosk (issue #20 item 7) is honest about when it leaves: the sync server sends
// it, so a station without one refuses and queues nothing; an enrolled station that is offline queues it
// and says it leaves once back online.
import { afterEach, describe, expect, it } from 'vitest';
import { settingsRepo } from '../../src/db/repos/settings';
import { as, checkedInPass, tableCounts, tempStation, type TestStation } from '../support/station';

let station: TestStation;
afterEach(() => station.dispose());

const sql = (s: string) => station.core.db.$client.prepare(s);
const queued = () => sql("SELECT count(*) FROM outbox_ops WHERE type = 'pass.email'").pluck().get();

async function passOnScreen(): Promise<string> {
  const visitId = sql("SELECT id FROM visits WHERE status = 'expected' ORDER BY id LIMIT 1")
    .pluck()
    .get() as string;
  return (await checkedInPass(station, visitId)).token;
}

describe('e-mailing the pass from the kiosk', () => {
  it('is refused at a station without a sync server: nothing is queued that could never be sent', async () => {
    station = await tempStation({ preset: { kind: 'kiosk' } });
    const kiosk = station.client(as('visitor'));
    const passToken = await passOnScreen();
    expect(await kiosk.kiosk.emailPassDelivery({})).toEqual({ delivery: 'unavailable' });
    const before = tableCounts(station);
    await expect(
      kiosk.kiosk.emailPass({ passToken, email: 'ada@engines.example', language: 'en' }),
    ).rejects.toMatchObject({
      code: 'not_configured',
      message: 'This station has no sync server, so it cannot send e-mail.',
    });
    const { audit_entries: _a, ...after } = tableCounts(station);
    const { audit_entries: _b, ...rest } = before;
    expect(after).toEqual(rest);
    expect(queued()).toBe(0);
  });

  it('at an enrolled station that is offline, is queued and said to leave once back online', async () => {
    station = await tempStation({ preset: { kind: 'kiosk' } });
    const kiosk = station.client(as('visitor'));
    const passToken = await passOnScreen();
    // Enrolled with a server that has not answered yet (nothing listens on port 9).
    settingsRepo.set(
      station.core.db,
      'station',
      'sync.server',
      { serverUrl: 'http://127.0.0.1:9' },
      station.core.now().toISOString(),
    );
    station.core.keys.storeSyncCredential('test-credential'); // enrollment keeps it in the key vault (#15)
    expect(await kiosk.kiosk.emailPassDelivery({})).toEqual({ delivery: 'when_online' });
    expect(await kiosk.kiosk.emailPass({ passToken, email: 'Ada@Engines.example', language: 'en' })).toEqual({
      queued: true,
      delivery: 'when_online',
    });
    expect(queued()).toBe(1);
  });
});
