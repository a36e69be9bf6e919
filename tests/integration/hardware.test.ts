// The hardware manager inside a real station: a scanner and an LCUS relay on real socat ptys, badge
// printers as real TCP 9100 listeners, the print queue in the station's real SQLite file.
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import {
  LcusRelaySimulator,
  SerialScannerSimulator,
  SerialZplPrinterSimulator,
  TcpPrinterSimulator,
  type PrinterState,
} from '../../drivers';
import { until } from '../../drivers/common/test-support';
import { enqueueBadgeAsStation } from '../../src/main/hardware/print-queue';
import type { BadgeContent } from '../../src/main/badges/badge-pdf';
import { canReceive } from '../../src/shared/events';
import type { ApiError } from '../../src/shared/errors';
import { badgePageMicrons } from '../../src/main/hardware/badge-html';
import { useHardwareStation } from '../support/hardware-station';
import { as, tableCounts, tempStation, type TestStation } from '../support/station';
import { openStationFile } from '../support/station-file';

const hex = (frames: Uint8Array[]) => frames.map((f) => Buffer.from(f).toString('hex'));
const ALL_OFF = 'a00100a1';
const ON = 'a00101a2';

const BADGE: BadgeContent = {
  name: 'Ana Ruiz',
  company: 'Acme',
  hostLine: 'Host: Sam Lee',
  dateLine: '22 Nov 2026',
  typeName: 'Visitor',
  typeColor: '#2255aa',
  siteName: 'HQ',
  qrText: 'GH1:TESTPASS',
};

function enqueue(station: TestStation, printerId?: string): string {
  const id = enqueueBadgeAsStation(station.core, { visitId: null, badge: BADGE, printerId });
  if (!id) throw new Error('no printer configured');
  return id;
}

function jobRow(station: TestStation, id: string) {
  return station.core.db.$client
    .prepare(
      'SELECT status, attempts, last_error_code AS code, last_error AS error FROM print_jobs WHERE id = ?',
    )
    .get(id) as { status: string; attempts: number; code: string | null; error: string | null };
}

describe('hardware manager in a station', () => {
  const hw = useHardwareStation({
    reconnectInitialMs: 50,
    reconnectMaxMs: 200,
    retryBaseMs: 100,
    retryMaxMs: 200,
    printTimeoutMs: 2000,
  });
  const { events, cleanup, startWith } = hw;

  const connected = (s: TestStation, id: string) =>
    s.hardware.status().find((d) => d.id === id)?.connected === true;

  it('turns a code from the serial scanner into exactly one scanner.read event', async () => {
    const scanner = await SerialScannerSimulator.start(`${hw.dir}/scan`, `${hw.dir}/scan-sim`, 'cr');
    cleanup.push(() => scanner.close());
    const s = await startWith({
      scanners: [{ kind: 'serial', id: 'scanner-1', name: 'Lobby scanner', path: scanner.devicePath }],
    });
    await until(() => connected(s, 'scanner-1'));

    await scanner.scan('GH1:PASS-42');
    await until(() => events.some((e) => e.event === 'scanner.read'));
    await scanner.scan('SECOND');
    await until(() => events.filter((e) => e.event === 'scanner.read').length === 2);

    const reads = events.filter((e) => e.event === 'scanner.read').map((e) => e.payload);
    expect(reads).toMatchObject([
      { code: 'GH1:PASS-42', source: 'serial', deviceId: 'scanner-1', symbology: null },
      { code: 'SECOND', source: 'serial', deviceId: 'scanner-1' },
    ]);
    // A kiosk's visitor screen hears reads (to scan invite codes); a host's screen does not.
    expect(
      canReceive(
        'visitor',
        events.find((e) => e.event === 'scanner.read')!,
      ),
    ).toBe(true);
    expect(
      canReceive(
        'host',
        events.find((e) => e.event === 'scanner.read')!,
      ),
    ).toBe(false);
    const [status] = (await s.client(as('security')).devices.status()).devices;
    expect(status).toMatchObject({ id: 'scanner-1', type: 'scanner', connected: true, lastError: null });
    expect(status!.lastSeen).not.toBeNull();
  });

  it('switches the relay off when it opens, pulses on request and switches it off again on close', async () => {
    const relay = await LcusRelaySimulator.start(`${hw.dir}/relay`, `${hw.dir}/relay-sim`);
    cleanup.push(() => relay.close());
    const s = await startWith({
      relays: [{ kind: 'lcus', id: 'turnstile', name: 'Turnstile', path: relay.devicePath, pulseMs: 150 }],
    });
    await until(() => relay.frames.length >= 1);
    expect(hex(relay.frames)).toEqual([ALL_OFF]);

    await expect(s.hardware.pulseRelay()).resolves.toEqual({ ok: true, relayId: 'turnstile' });
    await until(() => relay.frames.length === 3);
    expect(hex(relay.frames)).toEqual([ALL_OFF, ON, ALL_OFF]);

    await s.close();
    await until(() => relay.frames.length === 4);
    expect(hex(relay.frames)).toEqual([ALL_OFF, ON, ALL_OFF, ALL_OFF]);
    expect(relay.state.get(1)).toBe(false);
  });

  it('reports a relay that is gone instead of assuming the gate opened', async () => {
    const relay = await LcusRelaySimulator.start(`${hw.dir}/relay`, `${hw.dir}/relay-sim`);
    cleanup.push(() => relay.close());
    const s = await startWith({
      relays: [{ kind: 'lcus', id: 'door', name: 'Door', path: relay.devicePath }],
    });
    await until(() => connected(s, 'door'));
    await relay.unplug();
    await until(() => !connected(s, 'door'));

    const result = await s.hardware.pulseRelay('door');
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.reason).toMatch(/not connected/);
    expect(await s.hardware.pulseRelay('nope')).toEqual({ ok: false, reason: 'There is no relay "nope".' });

    // Plugged back in: it reconnects, switches off first, and pulses again.
    await relay.plugIn();
    await until(() => connected(s, 'door'));
    await expect(s.hardware.pulseRelay('door')).resolves.toMatchObject({ ok: true });
  });

  it('switches a relay left on by a crash off when the station starts', async () => {
    const relay = await LcusRelaySimulator.start(`${hw.dir}/relay`, `${hw.dir}/relay-sim`);
    cleanup.push(() => relay.close());
    // The previous run switched the relay on for a pulse and died: its port closed, nothing sent "off".
    const previousRun = new SerialPort({ path: relay.devicePath, baudRate: 9600 });
    await new Promise<void>((resolve, reject) => previousRun.once('open', resolve).once('error', reject));
    await new Promise<void>((resolve) =>
      previousRun.write(Buffer.from(ON, 'hex'), () => previousRun.drain(() => resolve())),
    );
    await new Promise<void>((resolve) => previousRun.close(() => resolve()));
    await until(() => relay.state.get(1) === true);

    await startWith({ relays: [{ kind: 'lcus', id: 'door', name: 'Door', path: relay.devicePath }] });
    await until(() => relay.state.get(1) === false);
    expect(hex(relay.frames)).toEqual([ON, ALL_OFF]);
  });
});

describe('device configuration', () => {
  let station: TestStation | undefined;
  afterEach(async () => {
    await station?.close();
    station?.dispose();
  });

  it('is an audited admin change, and a bad configuration is refused field by field, changing nothing', async () => {
    station = await tempStation({ hardware: { enabled: false } });
    const admin = station.client(as('admin', null));
    const printer = { kind: 'zpl' as const, id: 'front', name: 'Front', host: '127.0.0.1', port: 9100 };
    await admin.devices.configure({ printers: [printer] });
    const audit = station.core.db.$client
      .prepare("SELECT outcome FROM audit_entries WHERE action = 'devices.configure'")
      .pluck()
      .all();
    expect(audit).toEqual(['ok']);

    const before = tableCounts(station);
    await expect(
      admin.devices.configure({
        printers: [printer, { ...printer, name: 'Twin' }],
        relays: [{ kind: 'lcus', id: 'door', name: 'Door', path: '/dev/ttyUSB0', channels: 1, channel: 2 }],
      }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      fields: { 'printers.1.id': expect.anything(), 'relays.0.channel': expect.anything() },
    });
    expect(tableCounts(station)).toEqual(before);
    expect((await admin.devices.config()).printers).toEqual([printer]);
    await expect(station.client(as('reception')).devices.configure({})).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect((await station.client(as('host')).devices.status()).devices).toMatchObject([
      { id: 'front', type: 'printer', connected: null },
    ]);
  });
});

describe('adding and removing one device', () => {
  let station: TestStation | undefined;
  afterEach(async () => {
    await station?.close();
    station?.dispose();
  });

  const zebra = { kind: 'zpl' as const, name: 'Front', host: '127.0.0.1', port: 9100 };
  const auditOf = (s: TestStation, action: string) =>
    s.core.db.$client
      .prepare('SELECT outcome, details FROM audit_entries WHERE action = ? ORDER BY rowid')
      .all(action) as Array<{ outcome: string; details: string }>;

  it('refuses a bad device entry with what is wrong with each of its fields, changing nothing', async () => {
    station = await tempStation({ hardware: { enabled: false } });
    const admin = station.client(as('admin', null));
    await admin.devices.add({ ...zebra, id: 'front' });
    const before = tableCounts(station);
    const config = await admin.devices.config();

    // Fields of the entry itself.
    await expect(admin.devices.add({ ...zebra, host: 'not a host!', port: 0 })).rejects.toMatchObject({
      code: 'invalid_input',
      fields: { host: { code: 'invalid_format' }, port: { code: 'too_small' } },
    });
    await expect(admin.devices.add({ kind: 'lcus', name: '', path: '/dev/ttyUSB0' })).rejects.toMatchObject({
      code: 'invalid_input',
      fields: { name: { code: 'required' } },
    });
    await expect(
      admin.devices.add({ kind: 'laser', name: 'X' } as unknown as Parameters<typeof admin.devices.add>[0]),
    ).rejects.toMatchObject({ code: 'invalid_input', fields: { kind: expect.anything() } });
    // What only the whole configuration can refuse is said of the new device's fields too.
    await expect(admin.devices.add({ ...zebra, id: 'front', name: 'Twin' })).rejects.toMatchObject({
      code: 'invalid_input',
      fields: { id: { code: 'invalid_value', message: 'another device has this id' } },
    });
    await expect(
      admin.devices.add({ kind: 'lcus', name: 'Door', path: '/dev/ttyUSB0', channels: 1, channel: 2 }),
    ).rejects.toMatchObject({ code: 'invalid_input', fields: { channel: expect.anything() } });
    // Removing what is not there.
    await expect(admin.devices.remove({ deviceId: 'nothing-here' })).rejects.toMatchObject({
      code: 'not_found',
    });
    // Only an administrator.
    await expect(station.client(as('reception')).devices.add(zebra)).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(station.client(as('reception')).devices.remove({ deviceId: 'front' })).rejects.toMatchObject(
      { code: 'forbidden' },
    );

    const after = tableCounts(station);
    // The two refused staff calls are audited as refusals; nothing else changed.
    expect({ ...after, audit_entries: after.audit_entries! - 2 }).toEqual(before);
    expect(auditOf(station, 'devices.add').map((e) => e.outcome)).toEqual(['ok', 'refused']);
    expect(await admin.devices.config()).toEqual(config);
  });

  it('refuses a ninth printer, saying which field', async () => {
    station = await tempStation({ hardware: { enabled: false } });
    const admin = station.client(as('admin', null));
    for (let i = 0; i < 8; i++) await admin.devices.add(zebra);
    await expect(admin.devices.add(zebra)).rejects.toMatchObject({
      code: 'invalid_input',
      fields: { kind: { code: 'too_big', params: { max: 8 } } },
    });
    expect((await admin.devices.config()).printers).toHaveLength(8);
  });

  it('adds a device named after its kind and removes it, each an audited change of the one configuration', async () => {
    station = await tempStation({ hardware: { enabled: false } });
    const admin = station.client(as('admin', null));
    const first = await admin.devices.add(zebra);
    const second = await admin.devices.add({ ...zebra, name: 'Back' });
    expect([first.deviceId, second.deviceId]).toEqual(['zpl-1', 'zpl-2']);
    await admin.devices.configure({ ...second.config, defaultPrinterId: 'zpl-2' });
    const relay = await admin.devices.add({ kind: 'lcus', name: 'Turnstile', path: '/dev/ttyUSB0' });
    expect(relay.config.relays).toEqual([
      {
        kind: 'lcus',
        id: 'lcus-1',
        name: 'Turnstile',
        path: '/dev/ttyUSB0',
        channels: 1,
        channel: 1,
        pulseMs: 300,
        usb: null,
      },
    ]);

    // Removing the default printer leaves no default (the first printer prints).
    const { config } = await admin.devices.remove({ deviceId: 'zpl-2' });
    expect(config.printers.map((p) => p.id)).toEqual(['zpl-1']);
    expect(config.defaultPrinterId).toBeNull();
    expect(await admin.devices.config()).toEqual(config);
    expect((await station.client(as('host')).devices.status()).devices.map((d) => d.id)).toEqual([
      'lcus-1',
      'zpl-1',
    ]);
    expect(auditOf(station, 'devices.remove')).toMatchObject([
      { outcome: 'ok', details: expect.stringContaining('"deviceId":"zpl-2"') },
    ]);
  });
});

describe('badge print queue', () => {
  let station: TestStation | undefined;
  const sims: TcpPrinterSimulator[] = [];

  afterEach(async () => {
    if (station) {
      await station.close();
      station.dispose();
      station = undefined;
    }
    for (const sim of sims.splice(0)) await sim.close();
  });

  async function startWithPrinters(...printers: TcpPrinterSimulator[]) {
    station = await tempStation({
      hardware: { retryBaseMs: 50, retryMaxMs: 100, printTimeoutMs: 2000, printerStatusIntervalMs: 100 },
    });
    await station.client(as('admin')).devices.configure({
      printers: printers.map((p, i) => ({
        kind: i === 0 ? 'zpl' : 'brother-ql',
        id: `printer-${i + 1}`,
        name: `Printer ${i + 1}`,
        host: p.host,
        port: p.port,
      })),
    });
    return station;
  }

  async function printer(state: PrinterState = 'ready') {
    const sim = await TcpPrinterSimulator.start();
    sims.push(sim);
    await sim.setState(state);
    return sim;
  }

  it('prints a queued badge in ZPL with the pass in the QR code', async () => {
    const zpl = await printer();
    const s = await startWithPrinters(zpl);
    const id = enqueue(s);
    await until(() => jobRow(s, id).status === 'done');
    const label = Buffer.from(zpl.jobs[0]!).toString('latin1');
    expect(label).toMatch(/^\^XA/);
    expect(label).toContain('QA,GH1:TESTPASS');
    expect(label).toContain('Ana Ruiz');
  });

  it('keeps a job queued with the reason while the printer is off, and prints it when it is back', async () => {
    const zpl = await printer('offline');
    const s = await startWithPrinters(zpl);
    const id = enqueue(s);
    await until(() => jobRow(s, id).attempts >= 2 && jobRow(s, id).status === 'queued');
    expect(jobRow(s, id)).toMatchObject({ status: 'queued', code: 'offline' });
    const [listed] = (await s.client(as('reception')).printJobs.list()).jobs;
    expect(listed).toMatchObject({ id, status: 'queued', lastErrorCode: 'offline', visitorName: 'Ana Ruiz' });
    expect(listed!.lastError).toMatch(/ECONNREFUSED/);
    expect(listed!.nextAttemptAt).not.toBeNull();
    expect(s.hardware.status()[0]).toMatchObject({ id: 'printer-1', connected: false });

    await zpl.setState('ready');
    await until(() => jobRow(s, id).status === 'done');
    expect(zpl.jobs).toHaveLength(1);
    expect(jobRow(s, id).code).toBeNull();
    expect(s.hardware.status()[0]).toMatchObject({ connected: true, lastError: null });
  });

  it('keeps a job queued while the printer says it is out of labels, with that reason', async () => {
    const zpl = await printer('out-of-labels');
    const s = await startWithPrinters(zpl);
    const id = enqueue(s);
    await until(() => jobRow(s, id).attempts >= 2 && jobRow(s, id).status === 'queued');
    expect(jobRow(s, id)).toMatchObject({ status: 'queued', code: 'no_media' });
    expect(zpl.jobs).toHaveLength(0);
    await zpl.setState('ready');
    await until(() => jobRow(s, id).status === 'done');
    expect(zpl.jobs).toHaveLength(1);
  });

  it('shows a printer offline, out of labels or with its cover open before any badge is sent', async () => {
    const [zebra, brother] = [await printer(), await printer('out-of-labels')];
    const s = await startWithPrinters(zebra, brother);
    const health = (id: string) => s.hardware.status().find((d) => d.id === id);
    await until(() => health('printer-1')?.connected === true && health('printer-2')?.problem === 'no_media');
    expect(health('printer-1')).toMatchObject({ connected: true, problem: null, lastError: null });
    expect(health('printer-2')).toMatchObject({
      connected: true,
      lastError: 'The printer says it is out of labels.',
    });
    expect(zebra.statusQueries.zpl).toBeGreaterThan(0);
    expect(brother.statusQueries['brother-ql']).toBeGreaterThan(0);

    await zebra.setState('cover-open');
    await brother.setState('offline');
    await until(
      () => health('printer-1')?.problem === 'cover_open' && health('printer-2')?.connected === false,
    );
    const listed = (await s.client(as('reception')).devices.status()).devices;
    expect(listed.map((d) => [d.id, d.connected, d.problem])).toEqual([
      ['printer-1', true, 'cover_open'],
      ['printer-2', false, null],
    ]);
    expect(listed[1]!.lastError).toMatch(/ECONNREFUSED/);

    await brother.setState('ready');
    await until(() => health('printer-2')?.connected === true && health('printer-2')?.problem === null);
    // Only status queries went to the printers: nothing was printed.
    expect([zebra.jobs, brother.jobs]).toEqual([[], []]);
  });

  it('lets reception cancel a waiting job, and refuses to cancel it twice', async () => {
    const zpl = await printer('offline');
    const s = await startWithPrinters(zpl);
    const id = enqueue(s);
    await until(() => jobRow(s, id).attempts >= 1 && jobRow(s, id).status === 'queued');
    const reception = s.client(as('reception'));
    // The worker may be mid-attempt: a printing job cannot be cancelled, so try until it waits.
    let cancelled;
    while (!cancelled) {
      cancelled = await reception.printJobs.cancel({ jobId: id }).catch((e: ApiError) => {
        if (e.code !== 'conflict') throw e;
        return undefined;
      });
    }
    expect(cancelled.status).toBe('cancelled');
    await expect(reception.printJobs.cancel({ jobId: id })).rejects.toMatchObject({ code: 'conflict' });
    await zpl.setState('ready');
    // Retry puts it back; it prints.
    await reception.printJobs.retry({ jobId: id });
    await until(() => jobRow(s, id).status === 'done');
    expect(zpl.jobs).toHaveLength(1);
  });

  it('redirects a stuck job to another printer, in that printer’s language', async () => {
    const zpl = await printer('offline');
    const brother = await printer();
    const s = await startWithPrinters(zpl, brother);
    const id = enqueue(s);
    await until(() => jobRow(s, id).attempts >= 1 && jobRow(s, id).status === 'queued');
    const reception = s.client(as('reception'));
    const before = tableCounts(s);
    await expect(reception.printJobs.redirect({ jobId: id, printerId: 'nope' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect(tableCounts(s).print_jobs).toBe(before.print_jobs);
    await expect(
      s.client(as('security')).printJobs.redirect({ jobId: id, printerId: 'printer-2' }),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
    for (;;) {
      const done = await reception.printJobs
        .redirect({ jobId: id, printerId: 'printer-2' })
        .catch((e: ApiError) => (e.code === 'conflict' ? null : Promise.reject(e)));
      if (done) break;
    }
    await until(() => jobRow(s, id).status === 'done');
    const bytes = Buffer.from(brother.jobs[0]!);
    expect(bytes.subarray(200, 202).toString('hex')).toBe('1b40'); // Brother QL: 200 × 00, then reset
    expect(bytes.at(-1)).toBe(0x1a);
    expect(zpl.jobs).toHaveLength(0);
  });

  it('stops trying a badge that has no printer after one attempt, and prints it once reception sends it to one', async () => {
    station = await tempStation({
      hardware: { retryBaseMs: 50, retryMaxMs: 100, printTimeoutMs: 2000, printerStatusIntervalMs: 100 },
    });
    const s = station;
    // A kiosk with no printer set up holds its badges for the desk (arrival.ts holdWithoutPrinter).
    const id = enqueueBadgeAsStation(s.core, { visitId: null, badge: BADGE, holdWithoutPrinter: true })!;
    await until(() => jobRow(s, id).status === 'failed');
    expect(jobRow(s, id)).toMatchObject({ status: 'failed', attempts: 1, code: 'no_printer' });
    // Well past several retry delays (50–100 ms): no second attempt, no retry loop.
    await new Promise((r) => setTimeout(r, 600));
    expect(jobRow(s, id)).toMatchObject({ status: 'failed', attempts: 1 });
    const [listed] = (await s.client(as('reception')).printJobs.list()).jobs;
    expect(listed).toMatchObject({ id, status: 'failed', lastErrorCode: 'no_printer', nextAttemptAt: null });

    const zpl = await printer();
    await s.client(as('admin')).devices.configure({
      printers: [{ kind: 'zpl', id: 'printer-1', name: 'Printer 1', host: zpl.host, port: zpl.port }],
    });
    await s.client(as('reception')).printJobs.redirect({ jobId: id, printerId: 'printer-1' });
    await until(() => jobRow(s, id).status === 'done');
    expect(zpl.jobs).toHaveLength(1);
  });

  it('puts a job a crash left "printing" back in the queue, and prints it', async () => {
    const zpl = await printer();
    const s = await startWithPrinters(zpl);
    await zpl.setState('offline');
    const id = enqueue(s);
    await until(() => jobRow(s, id).attempts >= 1);
    const dataDir = s.dataDir;
    await s.close();
    station = undefined;
    // What a crash mid-print leaves behind.
    const db = openStationFile(dataDir, { write: true }).$client;
    db.prepare("UPDATE print_jobs SET status = 'printing' WHERE id = ?").run(id);
    db.close();

    await zpl.setState('ready');
    station = await tempStation({ dataDir, demo: false, hardware: { retryBaseMs: 50 } });
    await until(() => jobRow(station!, id).status === 'done');
    expect(zpl.jobs).toHaveLength(1);
    expect(jobRow(station, id).attempts).toBe(2);
  });
});

describe('printers on other lines', () => {
  const hw = useHardwareStation({ retryBaseMs: 50, retryMaxMs: 100, printTimeoutMs: 2000 });
  const { cleanup, startWith } = hw;

  it('prints a queued badge to a Zebra on a serial line (a real pty), in ZPL with the pass in the QR', async () => {
    const zebra = await SerialZplPrinterSimulator.start(`${hw.dir}/zebra`, `${hw.dir}/zebra-sim`);
    cleanup.push(() => zebra.close());
    const s = await startWith({
      printers: [{ kind: 'zpl-serial', id: 'zebra', name: 'Zebra', path: zebra.devicePath, baudRate: 9600 }],
    });
    const id = enqueue(s);
    await until(() => jobRow(s, id).status === 'done');
    await until(() => zebra.jobs.length === 1);
    expect(zebra.jobs[0]).toMatch(
      /^\^XA[\s\S]*\^FDAna Ruiz\^FS[\s\S]*\^BQN,2,6\^FH\^FDQA,GH1:TESTPASS\^FS\n\^XZ$/,
    );
  });

  it('prints through Electron silent printing in the desktop app, on the badge-sized page', async () => {
    const printed: Array<{ html: string; deviceName: string | null; pageSize: object }> = [];
    const electron = {
      id: 'badges',
      kind: 'electron',
      name: 'Office printer',
      deviceName: 'Brother_QL_820NWB',
    };
    // The Electron runtime cannot exist under plain Node: its seam records what it was asked to print.
    const s = await startWith(
      { printers: [{ ...electron, kind: 'electron', size: 'label62' }] },
      { silentPrinter: { print: async (html, options) => void printed.push({ html, ...options }) } },
    );
    const id = enqueue(s);
    await until(() => jobRow(s, id).status === 'done');
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatchObject({
      deviceName: 'Brother_QL_820NWB',
      pageSize: badgePageMicrons('label62'),
    });
    expect(printed[0]!.html).toContain('<p class="name">Ana Ruiz</p>');
  });

  it('keeps an Electron print job queued, saying why, when the station runs without Electron', async () => {
    const s = await startWith({ printers: [{ id: 'badges', kind: 'electron', name: 'Office printer' }] });
    const id = enqueue(s);
    await until(() => jobRow(s, id).attempts >= 1 && jobRow(s, id).status === 'queued');
    expect(jobRow(s, id)).toMatchObject({ code: 'not_configured' });
    expect(jobRow(s, id).error).toMatch(/only in the desktop app/);
  });
});
