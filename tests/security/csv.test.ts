// Issue #14 item 6: a visitor name that a spreadsheet would run as a formula must reach the CSV exports
// neutralised, however it is dressed: a line break after the formula (PapaParse's own check stops there),
// a formula on a later line, leading quotes or spaces, full-width signs.
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHost, walkIn, type SecurityHost } from './host';

const NOW = new Date('2026-11-22T10:00:00Z');
const TRICKY = [
  '=HYPERLINK("http://evil.example/",\n"x")',
  "Ada Lovelace\n=cmd|' /C calc'!A0",
  'Bob\r\n+SUM(1,2)',
  '-2+3 Minus',
  '@SUM(A1) At',
  '"=1+1" Quoted',
  '＝1+1 Wide',
  'Tab\t=1+1 Inside',
];

let host: SecurityHost;
let now: Date;
beforeEach(async () => {
  now = NOW;
  host = await startHost('kiosk', { now: () => now });
});
afterEach(() => host.close());

/** Every line of every cell that a spreadsheet would take as a formula. */
function formulas(base64: string): string[] {
  const text = Buffer.from(base64, 'base64')
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const { data } = Papa.parse<string[]>(text);
  return data
    .flat()
    .flatMap((cell) => cell.split(/\r\n|\r|\n/))
    .filter((line) => /^[\s"]*[=+\-@＝＋－＠]/u.test(line));
}

describe('CSV exports', () => {
  it('neutralise every formula a visitor can type, on every line of a cell', async () => {
    for (const name of TRICKY) {
      // One walk-in every 20 s, as a busy lobby's queue: the kiosk's arrival limits let them all in.
      now = new Date(now.getTime() + 20_000);
      const { status, body } = await host.post(
        'kiosk.checkIn',
        await walkIn(host, name, 'Visitor', { company: name }),
      );
      expect(status, `${JSON.stringify(name)} ${JSON.stringify(body)}`).toBe(200);
    }
    const token = await host.signIn('admin', '1111');
    const filter = { from: '2026-11-22', to: '2026-11-22' };
    const log = await host.post('reports.export', { filter, format: 'csv' }, { token });
    expect(log.status).toBe(200);
    const text = Buffer.from(log.body.base64 as string, 'base64').toString('utf8');
    expect(text).toContain('HYPERLINK'); // the names are there …
    expect(formulas(log.body.base64 as string)).toEqual([]); // … and none runs
    const exceptions = await host.post('reports.exportExceptions', { filter }, { token });
    expect(exceptions.status).toBe(200);
    expect(formulas(exceptions.body.base64 as string)).toEqual([]);
  });
});
