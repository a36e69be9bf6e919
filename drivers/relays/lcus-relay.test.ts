// The LCUS driver against the relay simulator over real pseudo-terminals, and the end-to-end path
// scanner → relay pulse that a gate depends on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeviceDisconnectedError, type DeviceStatus } from '../common/device';
import { nextEvent, tempDir, until } from '../common/test-support';
import { SerialScanner } from '../scanners/serial-scanner';
import { SerialScannerSimulator } from '../scanners/serial-scanner-simulator';
import { LcusRelay } from './lcus-relay';
import { LcusRelaySimulator } from './lcus-simulator';

const hex = (frames: Uint8Array[]) =>
  frames.map((f) =>
    Buffer.from(f)
      .toString('hex')
      .replace(/(..)(?!$)/g, '$1 '),
  );

describe('LCUS relay over a pty', () => {
  let dir: ReturnType<typeof tempDir>;
  const cleanup: (() => Promise<void>)[] = [];

  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
    dir.remove();
  });

  async function startRelay(channels = 1) {
    const sim = await LcusRelaySimulator.start(`${dir.path}/relay`, `${dir.path}/relay-sim`);
    cleanup.push(() => sim.close());
    const relay = new LcusRelay({
      path: sim.devicePath,
      channels,
      reconnectInitialMs: 50,
      reconnectMaxMs: 200,
    });
    cleanup.push(() => relay.close());
    // Start-up: every channel is switched off before anything else.
    const startupOff = until(() => sim.frames.length >= channels);
    await relay.open();
    await startupOff;
    expect(hex(sim.frames)).toEqual(Array.from({ length: channels }, (_, i) => `a0 0${i + 1} 00 a${i + 1}`));
    return { sim, relay };
  }

  it('end to end: a scanned code pulses the gate relay: A0 01 01 A2, then A0 01 00 A1', async () => {
    const { sim: relaySim, relay } = await startRelay();
    const scannerSim = await SerialScannerSimulator.start(
      `${dir.path}/scanner`,
      `${dir.path}/scanner-sim`,
      'cr',
    );
    cleanup.push(() => scannerSim.close());
    const scanner = new SerialScanner({ path: scannerSim.devicePath, framing: 'cr' });
    cleanup.push(() => scanner.close());
    await scanner.open();

    const pulses: Promise<void>[] = [];
    scanner.on('code', ({ code }) => {
      if (code === 'GH-PASS-VALID') pulses.push(relay.pulse(1));
    });
    const on = nextEvent(relaySim, 'command', (c: { on: boolean }) => c.on);
    await scannerSim.scan('GH-PASS-VALID');
    await on;
    expect(relaySim.isOn(1)).toBe(true);
    await until(() => pulses.length === 1);
    await pulses[0];
    await until(() => relaySim.frames.length === 3);
    expect(hex(relaySim.frames.slice(1))).toEqual(['a0 01 01 a2', 'a0 01 00 a1']);
    expect(relaySim.isOn(1)).toBe(false);
  });

  it('an unplug mid-pulse is reported as a disconnect, and the driver recovers (all off) when it is back', async () => {
    const { sim, relay } = await startRelay();
    const statuses: DeviceStatus[] = [];
    relay.on('status', (s) => statuses.push(s));

    const on = nextEvent(sim, 'command', (c: { on: boolean }) => c.on);
    const pulse = relay.pulse(1, 1500);
    pulse.catch(() => undefined);
    await on;
    await sim.unplug();
    await expect(pulse).rejects.toBeInstanceOf(DeviceDisconnectedError);
    expect(relay.status.connected).toBe(false);
    expect(statuses.find((s) => !s.connected)?.lastError).toMatch(/disconnected/);
    // Nothing pretends the relay is usable while it is gone.
    await expect(relay.set(1, true)).rejects.toThrow(/not connected/);

    const framesBefore = sim.frames.length;
    const back = nextEvent<[DeviceStatus]>(relay, 'status', (s) => s.connected);
    await sim.plugIn();
    await back;
    // First thing after reconnecting: switch off.
    await until(() => sim.frames.length > framesBefore);
    expect(hex(sim.frames.slice(framesBefore, framesBefore + 1))).toEqual(['a0 01 00 a1']);

    await relay.pulse(1, 100);
    await until(() => sim.frames.length === framesBefore + 3);
    expect(hex(sim.frames.slice(framesBefore + 1))).toEqual(['a0 01 01 a2', 'a0 01 00 a1']);
  });

  it('keeps at least 50 ms between commands and switches every channel off on close', async () => {
    const { sim, relay } = await startRelay(2);
    const sent: number[] = [];
    relay.on('switched', ({ at }) => sent.push(at));
    await Promise.all([relay.set(1, true), relay.set(2, true)]);
    // The gap is the driver's own guarantee (it waits before writing), so a loaded machine only widens it.
    expect(sent[1]! - sent[0]!).toBeGreaterThanOrEqual(50);
    await until(() => sim.frames.length === 4);
    expect([sim.isOn(1), sim.isOn(2)]).toEqual([true, true]);
    await relay.close();
    await until(() => !sim.isOn(1) && !sim.isOn(2));
  });

  it('reports a relay that is not there instead of assuming it is open', async () => {
    const relay = new LcusRelay({ path: `${dir.path}/no-relay`, reconnectInitialMs: 60_000 });
    cleanup.push(() => relay.close());
    await relay.open();
    expect(relay.status).toMatchObject({ connected: false, lastError: expect.stringMatching(/cannot open/) });
    await expect(relay.pulse(1)).rejects.toBeInstanceOf(DeviceDisconnectedError);
  });

  it('refuses a pulse on a channel the board does not have', async () => {
    const relay = new LcusRelay({ path: `${dir.path}/x`, channels: 2 });
    await expect(relay.pulse(3)).rejects.toThrow(/channel must be 1..2/);
    await expect(relay.pulse(1, 5)).rejects.toThrow(/pulse length/);
  });
});
