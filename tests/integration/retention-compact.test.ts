// The nightly compaction after retention (issue #15): no name an anonymised visit held is left anywhere in
// the station's database file or WAL, whether the file was written by an older release (freed space not
// zeroed: the first compaction VACUUMs it) or by this one (secure_delete zeroes freed bytes as they are
// written: the compaction merges the search index and truncates the WAL, without a VACUUM). A real station
// (its own encrypted SQLite file, read back page by page with its key) with an injected clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hostId, staff, typeId } from '../support/desk';
import { tempStation, type TestStation } from '../support/station';
import { decryptedDatabaseBytes } from '../support/station-file';

const DAY = 86_400_000;
const T0 = Date.now();
let clock = T0;
let station: TestStation;
beforeEach(async () => {
  clock = T0;
  station = await tempStation({ now: () => new Date(clock) });
});
afterEach(() => station.dispose());

const fileText = () => decryptedDatabaseBytes(station.dataDir).toString('latin1').toLowerCase();

async function expected(name: string) {
  return station.client(staff(station, 'reception')).visits.preRegister({
    visitor: { name, company: `${name.split(' ')[1]} Ltd` },
    hostId: hostId(station, 'Jürgen Weiß'),
    visitorTypeId: typeId(station, 'Visitor'),
    expectedAt: new Date(clock).toISOString(),
  });
}

describe('compaction after retention', () => {
  it('leaves no anonymised name in the file, first one an older release wrote, then its own', async () => {
    const sqlite = station.core.db.$client;
    // An older release wrote this visit: freed space was not zeroed then.
    sqlite.pragma('secure_delete = OFF');
    await expected('Zebedee Quartermaine');
    clock = T0 + 400 * DAY;
    await expected('Ottoline Fairweather');
    await station.scheduler.reschedule(); // anonymises Zebedee's visit, then compacts
    sqlite.pragma('secure_delete = ON'); // this release, from here on (as it opens the file)
    let text = fileText();
    expect(text).not.toContain('zebedee');
    expect(text).not.toContain('quartermaine');
    expect(text).toContain('ottoline'); // the check finds a name that is there

    // A year on, this release anonymises Ottoline's visit and compacts its own file.
    clock = T0 + 800 * DAY;
    await expected('Philippa Recentworth');
    await station.scheduler.reschedule();
    text = fileText();
    expect(text).not.toContain('ottoline');
    expect(text).not.toContain('fairweather');
    expect(text).not.toContain('zebedee');
    expect(text).toContain('philippa');
    expect(await station.client(staff(station, 'admin')).privacy.retentionStatus({})).toMatchObject({
      dueVisits: 0,
      lastRun: { at: new Date(clock).toISOString() },
    });
  });
});
