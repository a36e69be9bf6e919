import { describe, expect, it } from 'vitest';
import { InvalidSettingsError, parseSerialScannerSettings, serialPortOptions } from './serial-settings';

describe('serial scanner settings', () => {
  it('fills the common defaults (9600 8N1, CR)', () => {
    expect(parseSerialScannerSettings({ path: '/dev/ttyACM0' })).toMatchObject({
      baudRate: 9600,
      dataBits: 8,
      parity: 'none',
      stopBits: 1,
      framing: 'cr',
    });
  });

  it('names every bad field with a clear message', () => {
    try {
      parseSerialScannerSettings({ path: '', baudRate: 12.5, dataBits: 6, parity: 'maybe', framing: 'etx' });
      expect.unreachable('invalid settings were accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidSettingsError);
      const { fields } = err as InvalidSettingsError;
      expect(fields).toEqual({
        path: 'Choose the serial port the scanner is connected to.',
        baudRate: 'Baud rate must be a whole number.',
        dataBits: 'Data bits must be 7 or 8.',
        parity: 'Parity must be one of none, even, odd, mark or space.',
        framing: 'Framing must be one of cr, lf, crlf, stx-etx or timeout.',
      });
    }
  });

  it('rejects unknown keys instead of ignoring a typo', () => {
    expect(() => parseSerialScannerSettings({ path: '/dev/ttyS0', baud: 9600 })).toThrow(/baud|Unrecognized/);
  });

  it('passes 115200 8E1 through to serialport unchanged', () => {
    const settings = parseSerialScannerSettings({ path: '/dev/ttyS0', baudRate: 115200, parity: 'even' });
    expect(serialPortOptions(settings, 'linux')).toEqual({
      link: { path: '/dev/ttyS0', baudRate: 115200, dataBits: 8, parity: 'even', stopBits: 1 },
      stripHighBit: false,
    });
  });

  it('reads a 9600 7S2 scanner as 8N1 with bit 7 stripped on Linux, natively on Windows', () => {
    const settings = parseSerialScannerSettings({ path: 'X', dataBits: 7, parity: 'space', stopBits: 2 });
    expect(serialPortOptions(settings, 'linux')).toEqual({
      link: { path: 'X', baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
      stripHighBit: true,
    });
    expect(serialPortOptions(settings, 'win32').link).toMatchObject({
      dataBits: 7,
      parity: 'space',
      stopBits: 2,
    });
  });

  it('refuses 8 data bits with mark parity on Linux, where the serial driver cannot do it', () => {
    const settings = parseSerialScannerSettings({ path: 'X', parity: 'mark' });
    expect(() => serialPortOptions(settings, 'linux')).toThrow(
      /mark parity with 8 data bits is not supported/,
    );
  });
});
