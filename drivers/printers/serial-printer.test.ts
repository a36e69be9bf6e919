// A ZPL badge printer on a serial line: the driver writes to one end of a real socat pty pair, the
// simulated Zebra reads the label format on the other.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PtyPair } from '../common/pty';
import { tempDir, until } from '../common/test-support';
import { PrinterUnavailableError } from './raw-tcp';
import { sendSerial } from './raw-serial';
import { SerialZplPrinterSimulator } from './serial-printer-simulator';
import { zplBadge } from './zpl';

const badge = { name: 'Ana Ruiz', company: 'Acme ^XZ Ltd', label: 'Visitor', qr: 'GH1.pass.01JZ3K8Q7X' };

describe('ZPL over a serial line', () => {
  let dir: ReturnType<typeof tempDir>;
  let printer: SerialZplPrinterSimulator | undefined;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(async () => {
    await printer?.close();
    printer = undefined;
    dir.remove();
  });

  it('delivers the label format byte for byte, one ^XA…^XZ per badge, with the pass in the QR field', async () => {
    printer = await SerialZplPrinterSimulator.start(`${dir.path}/zebra`, `${dir.path}/zebra-sim`);
    const target = { path: printer.devicePath, baudRate: 9600 };
    await sendSerial(target, zplBadge(badge));
    await sendSerial(target, zplBadge({ ...badge, name: 'Sam Lee' }));
    await until(() => printer!.jobs.length === 2);

    expect(printer.jobs[0]).toBe(zplBadge(badge).trimEnd());
    expect(printer.jobs[0]).toMatch(/^\^XA\n\^CI28\n\^PW685\n\^LL431\n/);
    // The ^XZ in the visitor's company is escaped, so it did not end the label early.
    expect(printer.jobs[0]).toContain('^FDAcme _5EXZ Ltd^FS');
    expect(printer.jobs[1]).toContain('^FDSam Lee^FS');
    const qr = /\^BQN,2,\d+\^FH\^FDQA,(.*?)\^FS/.exec(printer.jobs[0]!)?.[1] ?? '';
    expect(qr.replace(/_([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))).toBe(
      badge.qr,
    );
  });

  it('fails a job to an unplugged printer, and delivers it once the printer is back', async () => {
    printer = await SerialZplPrinterSimulator.start(`${dir.path}/zebra`, `${dir.path}/zebra-sim`);
    const target = { path: printer.devicePath, baudRate: 9600, timeoutMs: 2000 };
    await printer.unplug();
    await expect(sendSerial(target, zplBadge(badge))).rejects.toBeInstanceOf(PrinterUnavailableError);
    await expect(sendSerial(target, zplBadge(badge))).rejects.toThrow(/printer on .*zebra/);
    await printer.plugIn();
    await sendSerial(target, zplBadge(badge));
    await until(() => printer!.jobs.length === 1);
    expect(printer.jobs).toEqual([zplBadge(badge).trimEnd()]);
  });

  it('fails a job whose printer is unplugged mid-write, and the station process lives on', async () => {
    // Nobody reads the far end, so the job is still being written when the cable is pulled. The OS
    // then fails the write twice over (callback and 'error' event); an unheard 'error' used to crash.
    const pair = await PtyPair.create(`${dir.path}/zebra`, `${dir.path}/zebra-sim`);
    const job = sendSerial({ path: pair.devicePath, baudRate: 9600 }, new Uint8Array(4 << 20));
    const outcome = job.then(
      () => 'printed',
      (err: unknown) => err,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await pair.stop();
    expect(await outcome).toBeInstanceOf(PrinterUnavailableError);
    // An uncaught 'error' would surface here, after the job settled.
    await new Promise((resolve) => setTimeout(resolve, 100));
  });
});
