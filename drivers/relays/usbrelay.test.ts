import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeviceDisconnectedError, type DeviceStatus } from '../common/device';
import { nextEvent } from '../common/test-support';
import { decodeUsbRelayState, encodeUsbRelay, encodeUsbRelayState, usbRelayChannels } from './usbrelay';
import { UsbRelay } from './usbrelay-driver';
import { UsbRelaySimulator } from './usbrelay-simulator';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('dcttech USBRelay protocol', () => {
  it('writes the 9-byte commands', () => {
    expect(hex(encodeUsbRelay('on', 1))).toBe('00ff01000000000000');
    expect(hex(encodeUsbRelay('off', 2))).toBe('00fd02000000000000');
    expect(hex(encodeUsbRelay('allOff'))).toBe('00fc00000000000000');
  });

  it('reads serial and bitmask with and without the report id in byte 0', () => {
    const withId = Uint8Array.from([0x01, ...Buffer.from('QAAMZ'), 0, 0, 0b10, 0]).subarray(0, 9);
    expect(decodeUsbRelayState(withId, 2)).toEqual({ serial: 'QAAMZ', on: [false, true] });
    const withoutId = Uint8Array.from([...Buffer.from('QAAMZ'), 0, 0, 0b01, 0]);
    expect(decodeUsbRelayState(withoutId, 2)).toEqual({ serial: 'QAAMZ', on: [true, false] });
  });

  it('refuses a state report whose serial is not printable', () => {
    expect(() => decodeUsbRelayState(new Uint8Array(9), 2)).toThrow(/not understood/);
  });

  it('knows the channel count from the product string', () => {
    expect(usbRelayChannels('USBRelay4')).toBe(4);
    expect(usbRelayChannels('Keyboard')).toBeNull();
  });

  it('property: decode(encode(state)) = state, whichever layout the platform uses', () => {
    const serial = fc.string({
      unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
      minLength: 5,
      maxLength: 5,
    });
    fc.assert(
      fc.property(serial, fc.integer({ min: 0, max: 255 }), fc.boolean(), (s, mask, withId) => {
        const state = decodeUsbRelayState(encodeUsbRelayState(s, mask, withId), 8);
        expect(state.serial).toBe(s);
        expect(state.on).toEqual(Array.from({ length: 8 }, (_, i) => (mask & (1 << i)) !== 0));
      }),
    );
  });

  it('property: never throws anything but its own clear error on random reports', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), (report) => {
        try {
          decodeUsbRelayState(report, 8);
        } catch (err) {
          expect((err as Error).message).toMatch(/not understood/);
        }
      }),
    );
  });
});

describe('USBRelay driver through the transport seam', () => {
  it.each([true, false])(
    'pulses a channel and confirms each switch from the state report (report id in feature: %s)',
    async (withId) => {
      const board = new UsbRelaySimulator({ channels: 2, reportIdInFeature: withId });
      board.mask = 0b01; // left on by a crash
      const relay = new UsbRelay({ open: board.opener, channels: 2 });
      await relay.open();
      expect(relay.status.connected).toBe(true);
      expect(relay.serial).toBe('QAAMZ');
      expect(board.mask).toBe(0); // all off at start-up

      const switched: boolean[] = [];
      relay.on('switched', ({ channel, on }) => channel === 2 && switched.push(on));
      await relay.pulse(2, 60);
      expect(switched).toEqual([true, false]);
      expect(board.writes.slice(-2).map(hex)).toEqual(['00ff02000000000000', '00fd02000000000000']);
      await relay.close();
    },
  );

  it('reports a relay that does not switch instead of assuming it did', async () => {
    const board = new UsbRelaySimulator({ channels: 1 });
    const relay = new UsbRelay({ open: board.opener, channels: 1 });
    await relay.open();
    board.stuck = true;
    await expect(relay.set(1, true)).rejects.toThrow(/did not switch/);
    expect(relay.status.lastError).toMatch(/did not switch/);
    await relay.close();
  });

  it('reports an unplug mid-pulse and recovers, switching off, when the board is back', async () => {
    const board = new UsbRelaySimulator({ channels: 1 });
    const relay = new UsbRelay({ open: board.opener, channels: 1, reconnectInitialMs: 10 });
    await relay.open();
    const on = nextEvent(relay, 'switched', (e: { on: boolean }) => e.on);
    const pulse = relay.pulse(1, 500);
    pulse.catch(() => undefined);
    await on;
    const lost = nextEvent<[DeviceStatus]>(relay, 'status', (s) => !s.connected);
    board.unplug();
    expect((await lost)[0].lastError).toMatch(/disconnected/);
    await expect(pulse).rejects.toBeInstanceOf(DeviceDisconnectedError);

    const back = nextEvent<[DeviceStatus]>(relay, 'status', (s) => s.connected);
    board.plugIn();
    await back;
    await relay.pulse(1, 60);
    expect(hex(board.writes.at(-1)!)).toBe('00fd01000000000000');
    expect(board.isOn(1)).toBe(false);
    await relay.close();
  });
});
