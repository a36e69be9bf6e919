// Printer status over real TCP sockets (the 9100 simulator answers like the printers) and the status
// parsers against random bytes.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  brotherQlStatusBlock,
  parseBrotherQlStatus,
  parseZebraHostStatus,
  PrinterStatusError,
  queryPrinterStatus,
  zebraHostStatus,
} from './printer-status';
import { PrinterUnavailableError } from './raw-tcp';
import { TcpPrinterSimulator } from './tcp9100-simulator';

describe('Brother QL status block (ESC i S)', () => {
  it('reads no media, cover open and the "error occurred" status type', () => {
    const block = brotherQlStatusBlock([]);
    expect(parseBrotherQlStatus(block)).toEqual([]);
    const noMedia = Uint8Array.from(block);
    noMedia[8] = 0x01;
    noMedia[18] = 0x02;
    expect(parseBrotherQlStatus(noMedia)).toEqual(['no_media']);
    const coverOpen = Uint8Array.from(block);
    coverOpen[9] = 0x10;
    expect(parseBrotherQlStatus(coverOpen)).toEqual(['cover_open']);
    const unknownError = Uint8Array.from(block);
    unknownError[18] = 0x02;
    expect(parseBrotherQlStatus(unknownError)).toEqual(['error']);
  });

  it('refuses a block of the wrong length or header', () => {
    expect(() => parseBrotherQlStatus(new Uint8Array(31))).toThrow(/32 bytes, got 31/);
    expect(() => parseBrotherQlStatus(new Uint8Array(32))).toThrow(/bad header/);
  });

  it('property: any 32 bytes either parse to known problems or throw the status error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.boolean(), (bytes, header) => {
        if (header) bytes.set([0x80, 0x20, 0x42]);
        try {
          const problems = parseBrotherQlStatus(bytes);
          expect(header).toBe(true);
          expect(problems.every((p) => ['no_media', 'cover_open', 'paused', 'error'].includes(p))).toBe(true);
        } catch (err) {
          expect(err).toBeInstanceOf(PrinterStatusError);
        }
      }),
    );
  });
});

describe('Zebra host status (~HS)', () => {
  it('reads paper out, head open and pause from the three strings', () => {
    expect(parseZebraHostStatus(zebraHostStatus([]))).toEqual([]);
    expect(parseZebraHostStatus(zebraHostStatus(['no_media', 'cover_open']))).toEqual([
      'no_media',
      'cover_open',
    ]);
    // As a ZD420 sends it: string 1 b = paper out, c = pause; string 2 o = head up, p = ribbon out.
    const answer =
      '\x02030,0,1,0431,000,0,0,0,000,0,0,0\x03\r\n\x02000,0,0,1,0,2,6,0,00000000,1,000\x03\r\n\x021234,0\x03\r\n';
    expect(parseZebraHostStatus(answer)).toEqual(['no_media', 'paused']);
  });

  it('refuses an answer without three strings', () => {
    expect(() => parseZebraHostStatus('\x02030,0,0\x03')).toThrow(PrinterStatusError);
    expect(() => parseZebraHostStatus('')).toThrow(/three STX…ETX strings/);
  });

  it('property: random text either parses or throws the status error', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('\x02', '\x03', ',', '0', '1', 'a', '\r') }), (text) => {
        try {
          parseZebraHostStatus(text);
        } catch (err) {
          expect(err).toBeInstanceOf(PrinterStatusError);
        }
      }),
    );
  });
});

describe('status queries over TCP 9100 against the printer simulator', () => {
  let printer: TcpPrinterSimulator | undefined;
  afterEach(async () => {
    await printer?.close();
    printer = undefined;
  });

  it.each(['zpl', 'brother-ql'] as const)(
    '%s: ready, out of labels, cover open, then off',
    async (language) => {
      printer = await TcpPrinterSimulator.start();
      const target = { host: printer.host, port: printer.port, timeoutMs: 2000 };
      await expect(queryPrinterStatus(language, target)).resolves.toEqual([]);
      await printer.setState('out-of-labels');
      await expect(queryPrinterStatus(language, target)).resolves.toEqual(['no_media']);
      await printer.setState('cover-open');
      await expect(queryPrinterStatus(language, target)).resolves.toEqual(['cover_open']);
      await printer.setState('offline');
      await expect(queryPrinterStatus(language, target)).rejects.toBeInstanceOf(PrinterUnavailableError);
      // A status query is not a job: nothing was printed.
      expect(printer.jobs).toEqual([]);
      expect(printer.statusQueries[language]).toBe(3);
    },
  );

  it('a printer that does not answer the status request is reported, not taken as ready', async () => {
    const { createServer } = await import('node:net');
    const silent = createServer((socket) => socket.on('data', () => undefined));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      await expect(
        queryPrinterStatus('brother-ql', { host: '127.0.0.1', port, timeoutMs: 300 }),
      ).rejects.toThrow(/did not answer within 300 ms/);
    } finally {
      silent.close();
    }
  });
});
