// The whole gate, end to end over real pseudo-terminals: a serial scanner reads a pass, the gate grants
// it, and the LCUS relay receives its "on" frame and, one pulse later, its "off" frame.
import { afterEach, describe, expect, it } from 'vitest';
import { LcusRelaySimulator, SerialScannerSimulator } from '../../drivers';
import { tempDir, until } from '../../drivers/common/test-support';
import type { StationEvent } from '../../src/shared/events';
import { as, checkedInPass, tempStation, type TestStation } from '../support/station';

const hex = (frames: Uint8Array[]) => frames.map((f) => Buffer.from(f).toString('hex'));
const ALL_OFF = 'a00100a1';
const ON = 'a00101a2';

describe('a gate with a serial scanner and an LCUS relay', () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('opens the turnstile for a valid pass, and only for it', async () => {
    const dir = tempDir('gatehouse-gate-hw-');
    cleanup.push(() => dir.remove());
    const scanner = await SerialScannerSimulator.start(`${dir.path}/scan`, `${dir.path}/scan-sim`, 'cr');
    cleanup.push(() => scanner.close());
    const relay = await LcusRelaySimulator.start(`${dir.path}/relay`, `${dir.path}/relay-sim`);
    cleanup.push(() => relay.close());

    const gate: TestStation = await tempStation({ preset: { kind: 'gate' } });
    cleanup.push(() => gate.dispose());
    const admin = gate.client(as('admin'));
    await admin.devices.configure({
      scanners: [{ kind: 'serial', id: 'scanner-1', name: 'Gate scanner', path: scanner.devicePath }],
      relays: [{ kind: 'lcus', id: 'turnstile', name: 'Turnstile', path: relay.devicePath, pulseMs: 150 }],
    });
    await admin.gate.configure({
      directions: ['entry'],
      zoneId: null,
      relay: { deviceId: 'turnstile', channel: 1 },
    });
    await until(() => hex(relay.frames).includes(ALL_OFF));

    // A visitor on site with a pass issued at this site.
    const reception = gate.client(as('reception'));
    const visit = (await reception.visits.today()).visits[0]!;
    const { token } = await checkedInPass(gate, visit.id);

    // No screen is open: the station core decides each read itself and announces the verdict.
    const verdicts: Array<{ granted: boolean; relay: string }> = [];
    gate.onEvent((e: StationEvent) => {
      if (e.event === 'gate.verdict') verdicts.push(e.payload as { granted: boolean; relay: string });
    });

    const framesBefore = relay.frames.length;
    await scanner.scan(token);
    await until(() => verdicts.length === 1);
    expect(verdicts[0]).toMatchObject({ granted: true, relay: 'pulsed' });
    await until(() => relay.frames.length >= framesBefore + 2);
    expect(hex(relay.frames).slice(framesBefore)).toEqual([ON, ALL_OFF]);

    // A forged pass is refused and the relay hears nothing more.
    const framesAfterGrant = relay.frames.length;
    // (Its tail made different for sure: a signature's last bytes may already read "00".)
    await scanner.scan(`${token.slice(0, -2)}${token.endsWith('00') ? '11' : '00'}`);
    await until(() => verdicts.length === 2);
    expect(verdicts[1]).toMatchObject({ granted: false });
    expect(relay.frames.length).toBe(framesAfterGrant);

    // Once a decision per read, and in the direction the guard chose on the screen.
    const decided = () =>
      gate.core.db.$client
        .prepare('SELECT direction, granted FROM gate_events ORDER BY occurred_at, id')
        .all() as Array<{ direction: string; granted: number }>;
    expect(decided()).toEqual([
      { direction: 'entry', granted: 1 },
      { direction: 'entry', granted: 0 },
    ]);
    await admin.gate.configure({
      directions: ['entry', 'exit'],
      zoneId: null,
      relay: { deviceId: 'turnstile', channel: 1 },
    });
    await gate.client(as('security')).gate.setDirection({ direction: 'exit' });
    await scanner.scan(token);
    await until(() => verdicts.length === 3);
    expect(verdicts[2]).toMatchObject({ granted: true, direction: 'exit', relay: 'pulsed' });
    expect(decided()).toHaveLength(3);
  });
});
