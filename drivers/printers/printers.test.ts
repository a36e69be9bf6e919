import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  badgeBitmap,
  brotherQlBadge,
  brotherQlRaster,
  BrotherQlDecodeError,
  decodeBrotherQl,
  QL_LINE_BYTES,
} from './brother-ql';
import { createBitmap, fillRect } from './bitmap';
import { PrinterUnavailableError, sendRaw } from './raw-tcp';
import { TcpPrinterSimulator } from './tcp9100-simulator';
import { decodeQr } from './test-decode';
import { zplBadge, zplEscape } from './zpl';

const badge = {
  name: 'Zoë O’Brien',
  company: 'Acme ^XZ~JA Ltd',
  host: 'Ana Ruiz',
  label: 'Visitor',
  validity: '22 Nov 2026',
  qr: 'GH1.pass.01JZ3K8Q7X',
};
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('ZPL badge', () => {
  it('lays out a CR80 card: ^XA … ^XZ, ^A0N text fields and a ^BQN QR with the pass', () => {
    const zpl = zplBadge(badge);
    expect(zpl.startsWith('^XA\n')).toBe(true);
    expect(zpl.trimEnd().endsWith('^XZ')).toBe(true);
    expect(zpl).toContain('^PW685');
    expect(zpl).toContain('^LL431');
    expect(zpl).toContain('^A0N,56,56^FH^FDZoë O’Brien^FS');
    expect(zpl).toMatch(/\^BQN,2,6\^FH\^FDQA,GH1\.pass\.01JZ3K8Q7X\^FS/);
  });

  it('cannot be broken by ^ or ~ in visitor text: they are hex-escaped, and only one label results', () => {
    const zpl = zplBadge(badge);
    expect(zpl).toContain('^FDAcme _5EXZ_7EJA Ltd^FS');
    expect(zpl.match(/\^XZ/g)).toHaveLength(1);
    expect(zpl).not.toContain('~JA');
    expect(zplEscape('a_b\r\n')).toBe('a_5Fb');
  });

  it('recovers the QR content from the ^BQ field', () => {
    const data = /\^BQN,2,\d+\^FH\^FDQA,(.*?)\^FS/.exec(zplBadge(badge))?.[1] ?? '';
    expect(data.replace(/_([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))).toBe(
      badge.qr,
    );
  });

  it('refuses a badge without a name or pass code', () => {
    expect(() => zplBadge({ ...badge, name: ' ' })).toThrow(/visitor name/);
    expect(() => zplBadge({ ...badge, qr: '' })).toThrow(/pass code/);
  });
});

describe('Brother QL raster', () => {
  it('writes the documented job: invalidate, ESC @, raster mode, 62 mm media info, 67 00 5A lines, 1A', () => {
    const bitmap = createBitmap(696, 3);
    fillRect(bitmap, 0, 1, 1, 1); // leftmost printable pixel on line 2
    const job = brotherQlRaster(bitmap);
    expect(hex(job.subarray(0, 200))).toBe('00'.repeat(200));
    let at = 200;
    const take = (n: number) => hex(job.subarray(at, (at += n)));
    expect(take(2)).toBe('1b40');
    expect(take(4)).toBe('1b696101');
    expect(take(13)).toBe('1b697a' + '860a3e00' + '03000000' + '0000');
    expect(take(4)).toBe('1b694d40');
    expect(take(4)).toBe('1b694101');
    expect(take(4)).toBe('1b694b08');
    expect(take(5)).toBe('1b69642300');
    expect(take(2)).toBe('4d00');
    const lines = [take(3 + QL_LINE_BYTES), take(3 + QL_LINE_BYTES), take(3 + QL_LINE_BYTES)];
    expect(lines.every((l) => l.startsWith('67005a'))).toBe(true);
    expect(lines[0]).toBe('67005a' + '00'.repeat(90));
    // Mirrored: x=0 is pixel 720-1-12 = 707 → byte 88, bit 0x10.
    expect(lines[1]).toBe('67005a' + '00'.repeat(88) + '10' + '00');
    expect(take(1)).toBe('1a');
    expect(at).toBe(job.length);
  });

  it('prints a badge whose QR code decodes back to the pass', () => {
    const job = decodeBrotherQl(brotherQlBadge(badge));
    expect(job.rasterMode).toBe(true);
    expect(job.media).toEqual({ type: 0x0a, widthMm: 62, lengthMm: 0, lines: 400 });
    expect(job.printed).toBe(true);
    expect(decodeQr(job.bitmap)).toBe(badge.qr);
    // Text is really drawn left of the QR code (the built-in font), not left blank.
    const textArea = job.bitmap.pixels.filter((p, i) => p && i % job.bitmap.width < 300);
    expect(textArea.length).toBeGreaterThan(500);
  });

  it('refuses a bitmap wider than the 62 mm printable width', () => {
    expect(() => brotherQlRaster(createBitmap(697, 1))).toThrow(/at most 696/);
  });

  it('property: decode(encode(bitmap)) = bitmap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.nat({ max: 696 * 12 - 1 }), { maxLength: 200 }),
        (height, dots) => {
          const bitmap = createBitmap(696, height);
          for (const d of dots) bitmap.pixels[d % (696 * height)] = 1;
          const decoded = decodeBrotherQl(brotherQlRaster(bitmap)).bitmap;
          expect(decoded.height).toBe(height);
          expect(Buffer.from(decoded.pixels).equals(Buffer.from(bitmap.pixels))).toBe(true);
        },
      ),
    );
  });

  it('property: the decoder throws only its own clear error on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        try {
          decodeBrotherQl(bytes);
        } catch (err) {
          expect(err).toBeInstanceOf(BrotherQlDecodeError);
        }
      }),
    );
  });

  it('the badge bitmap is exactly the printable width', () => {
    expect(badgeBitmap(badge).width).toBe(696);
  });
});

describe('raw TCP 9100 printing against the printer simulator', () => {
  let printer: TcpPrinterSimulator | undefined;
  afterEach(async () => {
    await printer?.close();
    printer = undefined;
  });

  it('delivers ZPL and Brother raster jobs byte for byte, one job per connection', async () => {
    printer = await TcpPrinterSimulator.start();
    const target = { host: printer.host, port: printer.port };
    const zpl = zplBadge(badge);
    const raster = brotherQlBadge(badge);
    await sendRaw(target, zpl);
    await sendRaw(target, raster);
    expect(printer.jobs).toHaveLength(2);
    expect(Buffer.from(printer.jobs[0]!).toString('utf8')).toBe(zpl);
    expect(hex(printer.jobs[1]!)).toBe(hex(raster));
    expect(decodeQr(decodeBrotherQl(printer.jobs[1]!).bitmap)).toBe(badge.qr);
  });

  it('fails a job to an offline printer, and delivers once it is back', async () => {
    printer = await TcpPrinterSimulator.start();
    const target = { host: printer.host, port: printer.port };
    await printer.setState('offline');
    await expect(sendRaw(target, '^XA^XZ')).rejects.toBeInstanceOf(PrinterUnavailableError);
    await printer.setState('ready');
    await sendRaw(target, '^XA^XZ');
    expect(printer.jobs.map((j) => Buffer.from(j).toString())).toEqual(['^XA^XZ']);
  });

  it('fails a job to a printer out of labels, printing nothing', async () => {
    printer = await TcpPrinterSimulator.start();
    await printer.setState('out-of-labels');
    await expect(
      sendRaw({ host: printer.host, port: printer.port }, brotherQlBadge(badge)),
    ).rejects.toBeInstanceOf(PrinterUnavailableError);
    expect(printer.jobs).toEqual([]);
  });
});
