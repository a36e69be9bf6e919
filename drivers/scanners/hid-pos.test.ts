import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../common/device';
import { nextEvent } from '../common/test-support';
import { stripControlChars } from './framing';
import { encodeHidPosReports, HID_POS_MAX_DATA, HidPosAssembler } from './hid-pos';
import { HidPosScanner } from './hid-pos-scanner';
import { HidPosScannerSimulator } from './hid-pos-simulator';
import type { ScanEvent } from './scan-event';

const codeArb = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 300 })
  .filter((s) => stripControlChars(s) === s);

describe('HID POS report parser', () => {
  it('reads the bytes of a one-report QR scan as node-hid delivers them', () => {
    const report = new Uint8Array(64);
    report.set([0x02, 4, 0x5d, 0x51, 0x31, 0x41, 0x42, 0x43, 0x44]); // id, len 4, "]Q1", "ABCD"
    expect(new HidPosAssembler().push(report)).toEqual({ code: 'ABCD', symbology: ']Q1' });
  });

  it('joins a long code continued over several 64-byte reports', () => {
    const code = 'GH:'.padEnd(150, 'x');
    const reports = encodeHidPosReports(code, ']Q1');
    expect(reports).toHaveLength(3);
    expect(reports.map((r) => [r.length, r[0], r[1], r[63]])).toEqual([
      [64, 0x02, HID_POS_MAX_DATA, 1],
      [64, 0x02, HID_POS_MAX_DATA, 1],
      [64, 0x02, 150 - 2 * HID_POS_MAX_DATA, 0],
    ]);
    const assembler = new HidPosAssembler();
    expect(reports.map((r) => assembler.push(r))).toEqual([null, null, { code, symbology: ']Q1' }]);
  });

  it('reads reports without the report id byte when the transport strips it', () => {
    const [report] = encodeHidPosReports('NOID', ']C0');
    expect(new HidPosAssembler({ reportIdIncluded: false }).push(report!.slice(1))).toEqual({
      code: 'NOID',
      symbology: ']C0',
    });
  });

  it('drops other report ids and impossible length bytes', () => {
    const assembler = new HidPosAssembler();
    const wrongId = encodeHidPosReports('X')[0]!;
    wrongId[0] = 0x01;
    const tooLong = encodeHidPosReports('X')[0]!;
    tooLong[1] = 57;
    expect(assembler.push(wrongId)).toBeNull();
    expect(assembler.push(tooLong)).toBeNull();
    expect(assembler.rejected).toBe(2);
  });

  it('property: never throws on random reports', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 70 }), { maxLength: 30 }), (reports) => {
        const assembler = new HidPosAssembler({ maxLength: 200 });
        for (const report of reports) assembler.push(report);
      }),
    );
  });

  it('property: decode(encode(code)) = code', () => {
    fc.assert(
      fc.property(codeArb, fc.constantFrom(']Q1', ']E0', ']C0', ']d2'), (code, aim) => {
        const assembler = new HidPosAssembler();
        const reads = encodeHidPosReports(code, aim).map((r) => assembler.push(r));
        expect(reads.at(-1)).toEqual({ code, symbology: aim });
        expect(reads.slice(0, -1).every((r) => r === null)).toBe(true);
      }),
    );
  });

  it('property: resynchronises after malformed reports', () => {
    // Garbage = anything that is not a well-formed scanned-data report (wrong size or id).
    const garbage = fc.uint8Array({ maxLength: 80 }).filter((r) => r.length !== 64 || r[0] !== 0x02);
    fc.assert(
      fc.property(fc.array(garbage, { maxLength: 10 }), codeArb, (noise, code) => {
        const assembler = new HidPosAssembler();
        for (const report of noise) assembler.push(report);
        const reads = encodeHidPosReports(code).map((r) => assembler.push(r));
        expect(reads.at(-1)?.code).toBe(code);
      }),
    );
  });
});

describe('HID POS scanner driver through the transport seam', () => {
  it('enables POS mode, emits one code per scan with its symbology, and reconnects after an unplug', async () => {
    const device = new HidPosScannerSimulator({ requiresEnable: true });
    const scanner = new HidPosScanner({ open: device.opener, enablePosMode: true, reconnectInitialMs: 10 });
    await scanner.open();
    expect(device.posModeEnabled).toBe(true);
    expect(scanner.status.connected).toBe(true);

    const read = nextEvent<[ScanEvent]>(scanner, 'code');
    device.scan('GH-PASS-LONG-'.padEnd(120, '7'), ']Q1');
    expect((await read)[0]).toMatchObject({
      code: 'GH-PASS-LONG-'.padEnd(120, '7'),
      symbology: ']Q1',
      source: 'hid-pos',
    });

    const lost = nextEvent<[DeviceStatus]>(scanner, 'status', (s) => !s.connected);
    device.unplug();
    expect((await lost)[0].lastError).toMatch(/disconnected/);
    const back = nextEvent<[DeviceStatus]>(scanner, 'status', (s) => s.connected);
    device.plugIn();
    await back;
    const again = nextEvent<[ScanEvent]>(scanner, 'code');
    device.scan('AGAIN', ']E0');
    expect((await again)[0]).toMatchObject({ code: 'AGAIN', symbology: ']E0' });
    await scanner.close();
    expect(device.closed).toBe(true);
  });
});
