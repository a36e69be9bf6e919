// Through a real socat pseudo-terminal pair: the simulator writes framed codes, the driver reads them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../common/device';
import { nextEvent, tempDir } from '../common/test-support';
import type { ScanEvent } from './scan-event';
import { SerialScanner } from './serial-scanner';
import { SerialScannerSimulator } from './serial-scanner-simulator';
import { InvalidSettingsError } from './serial-settings';

describe('serial scanner over a pty', () => {
  let dir: ReturnType<typeof tempDir>;
  let sim: SerialScannerSimulator | undefined;
  let scanner: SerialScanner | undefined;

  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(async () => {
    await scanner?.close();
    await sim?.close();
    scanner = sim = undefined;
    dir.remove();
  });

  async function setUp(framing: 'cr' | 'crlf' | 'stx-etx' | 'timeout') {
    sim = await SerialScannerSimulator.start(`${dir.path}/scanner`, `${dir.path}/scanner-sim`, framing);
    scanner = new SerialScanner({ path: sim.devicePath, baudRate: 115200, framing, interByteTimeoutMs: 30 });
    const codes: ScanEvent[] = [];
    scanner.on('code', (event) => codes.push(event));
    await scanner.open();
    expect(scanner.status.connected).toBe(true);
    return { sim, scanner, codes };
  }

  it.each(['cr', 'crlf', 'stx-etx', 'timeout'] as const)(
    'emits one code event per read (%s)',
    async (framing) => {
      const { sim, scanner, codes } = await setUp(framing);
      const first = nextEvent<[ScanEvent]>(scanner, 'code');
      await sim.scan('GH-PASS-0001');
      expect((await first)[0]).toMatchObject({ code: 'GH-PASS-0001', source: 'serial', symbology: null });
      const second = nextEvent<[ScanEvent]>(scanner, 'code');
      await sim.scan('GH-PASS-0002');
      await second;
      expect(codes.map((c) => c.code)).toEqual(['GH-PASS-0001', 'GH-PASS-0002']);
      expect(scanner.status.lastSeen).not.toBeNull();
    },
  );

  it('skips line noise and still reads the next code', async () => {
    const { sim, scanner, codes } = await setUp('stx-etx');
    await sim.sendRaw(Uint8Array.from([0xff, 0x00, 0x41, 0x03, 0x02, 0x42]));
    const read = nextEvent<[ScanEvent]>(scanner, 'code');
    await sim.scan('AFTER-NOISE');
    await read;
    expect(codes.map((c) => c.code)).toEqual(['AFTER-NOISE']);
  });

  it('reports an unplugged scanner and reads again once it is back', async () => {
    const { sim, scanner } = await setUp('cr');
    const lost = nextEvent<[DeviceStatus]>(scanner, 'status', (s) => !s.connected);
    await sim.unplug();
    expect((await lost)[0].lastError).toMatch(/disconnected/);

    const back = nextEvent<[DeviceStatus]>(scanner, 'status', (s) => s.connected);
    await sim.plugIn();
    await back;
    const read = nextEvent<[ScanEvent]>(scanner, 'code');
    await sim.scan('BACK-AGAIN');
    expect((await read)[0].code).toBe('BACK-AGAIN');
  });

  it('refuses bad settings before opening anything', () => {
    expect(() => new SerialScanner({ path: '/dev/ttyS0', baudRate: -5 })).toThrow(InvalidSettingsError);
  });

  it('reports a port that does not exist instead of throwing', async () => {
    scanner = new SerialScanner({ path: `${dir.path}/missing` }, { reconnectInitialMs: 60_000 });
    await scanner.open();
    expect(scanner.status).toMatchObject({
      connected: false,
      lastError: expect.stringMatching(/cannot open/),
    });
  });
});
