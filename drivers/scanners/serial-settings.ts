// Settings of a serial scanner, validated with zod so a bad value from the devices page gets a clear,
// specific message, and mapped to what serialport can actually open on this platform.
import { z } from 'zod';
import type { SerialLinkOptions } from '../common/serial-link';

export const serialScannerSettingsSchema = z
  .object({
    path: z.string().trim().min(1, 'Choose the serial port the scanner is connected to.'),
    baudRate: z
      .number({ error: 'Baud rate must be a number, e.g. 9600 or 115200.' })
      .int('Baud rate must be a whole number.')
      .min(300, 'Baud rate must be at least 300.')
      .max(921_600, 'Baud rate must be at most 921600.')
      .default(9600),
    dataBits: z.union([z.literal(7), z.literal(8)], { error: 'Data bits must be 7 or 8.' }).default(8),
    parity: z
      .enum(['none', 'even', 'odd', 'mark', 'space'], {
        error: 'Parity must be one of none, even, odd, mark or space.',
      })
      .default('none'),
    stopBits: z.union([z.literal(1), z.literal(2)], { error: 'Stop bits must be 1 or 2.' }).default(1),
    framing: z
      .enum(['cr', 'lf', 'crlf', 'stx-etx', 'timeout'], {
        error: 'Framing must be one of cr, lf, crlf, stx-etx or timeout.',
      })
      .default('cr'),
    /** Silence that ends a code with 'timeout' framing (and the safety flush for the others). */
    interByteTimeoutMs: z
      .number({ error: 'Inter-byte timeout must be a number of milliseconds.' })
      .int('Inter-byte timeout must be a whole number of milliseconds.')
      .min(5, 'Inter-byte timeout must be at least 5 ms.')
      .max(2000, 'Inter-byte timeout must be at most 2000 ms.')
      .default(50),
    maxCodeLength: z
      .number()
      .int()
      .min(1, 'Maximum code length must be at least 1.')
      .max(65_536, 'Maximum code length must be at most 65536.')
      .default(4096),
  })
  .strict();

export type SerialScannerSettings = z.output<typeof serialScannerSettingsSchema>;
export type SerialScannerSettingsInput = z.input<typeof serialScannerSettingsSchema>;

export class InvalidSettingsError extends Error {
  readonly fields: Record<string, string>;
  constructor(fields: Record<string, string>) {
    super(
      `Invalid scanner settings: ${Object.entries(fields)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ')}`,
    );
    this.name = 'InvalidSettingsError';
    this.fields = fields;
  }
}

/** Validate settings; throws InvalidSettingsError with one message per bad field. */
export function parseSerialScannerSettings(input: unknown): SerialScannerSettings {
  const result = serialScannerSettingsSchema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join('.') || '(settings)';
    fields[key] ??= issue.message;
  }
  throw new InvalidSettingsError(fields);
}

/**
 * What to ask serialport for. The Linux and macOS serial drivers only do none/even/odd parity, so a
 * 7-bit mark/space scanner (e.g. 9600 7S2, a common old default) is read as 8 data bits, no parity:
 * the parity bit then arrives as bit 7 of each byte and is stripped, and one stop bit reads a
 * two-stop-bit line fine. Windows opens mark/space natively.
 */
export function serialPortOptions(
  settings: SerialScannerSettings,
  platform: NodeJS.Platform = process.platform,
): { link: SerialLinkOptions; stripHighBit: boolean } {
  const { path, baudRate, dataBits, parity, stopBits } = settings;
  const emulate = platform !== 'win32' && dataBits === 7 && (parity === 'mark' || parity === 'space');
  if (platform !== 'win32' && dataBits === 8 && (parity === 'mark' || parity === 'space')) {
    throw new InvalidSettingsError({
      parity: `${parity} parity with 8 data bits is not supported by the serial driver on ${platform}.`,
    });
  }
  return {
    link: emulate
      ? { path, baudRate, dataBits: 8, parity: 'none', stopBits: 1 }
      : { path, baudRate, dataBits, parity, stopBits },
    stripHighBit: emulate || dataBits === 7,
  };
}
