import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { qrMatrix } from '../../src/shared/qr';
import { until } from '../common/test-support';
import { decodeQrFromPdf } from '../../tests/support/decode-qr';
import {
  CupsError,
  listCupsQueues,
  lpArguments,
  parseLpRequestId,
  parseLpstatAccepting,
  parseLpstatDevices,
  parseLpstatPrinters,
  printPdf,
} from './cups';

describe('CUPS output parsing and lp arguments', () => {
  it('reads lpstat -a, -p and -v', () => {
    expect(
      parseLpstatAccepting(
        'Badges accepting requests since Sat 22 Nov 2026 09:00:00 AM UTC\nPDF not accepting requests since Sat 22 Nov 2026 -\n\tRejecting Jobs\n',
      ),
    ).toEqual(
      new Map([
        ['Badges', true],
        ['PDF', false],
      ]),
    );
    expect(
      parseLpstatPrinters(
        'printer Badges is idle.  enabled since Sat 22 Nov 2026\nprinter PDF now printing PDF-4.  enabled since …\nprinter Old disabled since Fri 21 Nov 2026 -\n\treason unknown\n',
      ),
    ).toEqual(
      new Map([
        ['Badges', 'idle'],
        ['PDF', 'printing'],
        ['Old', 'disabled'],
      ]),
    );
    expect(
      parseLpstatDevices('device for PDF: cups-pdf:/\ndevice for QL: usb://Brother/QL-820NWB?serial=1\n'),
    ).toEqual(
      new Map([
        ['PDF', 'cups-pdf:/'],
        ['QL', 'usb://Brother/QL-820NWB?serial=1'],
      ]),
    );
    expect(parseLpRequestId('request id is PDF-12 (1 file(s))\n')).toBe('PDF-12');
    expect(() => parseLpRequestId('lp: error')).toThrow(CupsError);
  });

  it('builds lp arguments and refuses values that could smuggle options', () => {
    expect(
      lpArguments({ queue: 'Badges', media: 'Custom.62x100mm', copies: 2, title: 'Badge\nZoë' }),
    ).toEqual(['-d', 'Badges', '-n', '2', '-o', 'media=Custom.62x100mm', '-t', 'Badge Zoë']);
    expect(() => lpArguments({ queue: '-o evil' })).toThrow(/invalid CUPS queue name/);
    expect(() => lpArguments({ queue: 'Badges', media: 'a4 -o x' })).toThrow(/invalid media name/);
    expect(() => lpArguments({ queue: 'Badges', copies: 0 })).toThrow(/copies/);
  });

  it('refuses to send something that is not a PDF', async () => {
    await expect(printPdf(new TextEncoder().encode('hello'), { queue: 'Badges' })).rejects.toThrow(
      /not a PDF/,
    );
  });
});

// A real CUPS queue backed by cups-pdf: present in CI (see drivers/README.md), absent on most dev machines.
const hasLpstat = (() => {
  try {
    execFileSync('lpstat', ['-r'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const cupsPdfQueue = hasLpstat
  ? await listCupsQueues()
      .then((queues) => queues.find((q) => q.deviceUri?.startsWith('cups-pdf:') && q.accepting)?.name)
      .catch(() => undefined)
  : undefined;

function cupsPdfOutputDirs(): string[] {
  const user = userInfo().username;
  const dirs = [join(homedir(), 'PDF'), `/var/spool/cups-pdf/${user}`, '/var/spool/cups-pdf/ANONYMOUS'];
  try {
    const conf = readFileSync('/etc/cups/cups-pdf.conf', 'utf8');
    const out = /^Out\s+(.+)$/m.exec(conf)?.[1]?.trim();
    if (out) dirs.unshift(out.replace('${HOME}', homedir()).replace('${USER}', user));
  } catch {
    // default locations only
  }
  return dirs;
}

function badgePdf(qr: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: [243, 153], margin: 0 });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.fontSize(14).text('CUPS TEST VISITOR', 10, 10);
  const matrix = qrMatrix(qr);
  const module = 100 / (matrix.size + 8);
  for (let y = 0; y < matrix.size; y++) {
    for (let x = 0; x < matrix.size; x++) {
      if (matrix.isDark(x, y)) doc.rect(133 + (4 + x) * module, 43 + (4 + y) * module, module, module);
    }
  }
  doc.fill('#000000');
  doc.end();
  return done;
}

describe('printing through a real CUPS queue', () => {
  it('prints a badge PDF whose QR code decodes back to the pass', async () => {
    if (!cupsPdfQueue) {
      throw new Error(
        'No cups-pdf print queue: run `bash scripts/install-system-packages.sh`, which installs CUPS and adds one.',
      );
    }
    const qr = `GH1.cups.${Date.now()}`;
    const jobId = await printPdf(await badgePdf(qr), { queue: cupsPdfQueue!, title: `gatehouse-${qr}` });
    expect(jobId).toMatch(new RegExp(`^${cupsPdfQueue}-\\d+$`));

    // Found by the job's title, unique to this run, not by modification time: CUPS stamps files with its
    // own clock, which a test may have shifted.
    const newPdfs = () =>
      cupsPdfOutputDirs()
        .filter((dir) => existsSync(dir))
        .flatMap((dir) => readdirSync(dir).map((name) => join(dir, name)))
        .filter((file) => file.endsWith('.pdf'));
    // cups-pdf creates the file before it has finished writing it: wait until CUPS calls the job completed.
    const completed = () =>
      execFileSync('lpstat', ['-W', 'completed', '-o', cupsPdfQueue!]).toString().includes(jobId);
    await until(completed, 200);
    await until(() => newPdfs().some((f) => f.includes(qr.replace(/\./g, '_')) || f.includes(qr)), 200);
    const file = newPdfs().find((f) => f.includes(qr.replace(/\./g, '_')) || f.includes(qr))!;
    // Rasterise the PDF cups-pdf wrote, then read the QR like a gate scanner.
    expect(decodeQrFromPdf(readFileSync(file))).toBe(qr);
  });
});
