// The print queue through a real CUPS queue backed by cups-pdf: a queued badge becomes a PDF that CUPS
// writes out, and the QR code read back from that PDF is the pass. CI installs CUPS and a cups-pdf queue
// (scripts/install-system-packages.sh); without one this test fails and says so.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listCupsQueues } from '../../drivers';
import { until } from '../../drivers/common/test-support';
import { enqueueBadgeAsStation } from '../../src/main/hardware/print-queue';
import { decodeQrFromPdf } from '../support/decode-qr';
import { as, tempStation, type TestStation } from '../support/station';

const cupsPdfQueue = await listCupsQueues()
  .then((queues) => queues.find((q) => q.deviceUri?.startsWith('cups-pdf:') && q.accepting)?.name)
  .catch(() => undefined);

function cupsPdfOutputDirs(): string[] {
  const user = userInfo().username;
  const dirs = [join(homedir(), 'PDF'), `/var/spool/cups-pdf/${user}`, '/var/spool/cups-pdf/ANONYMOUS'];
  try {
    const out = /^Out\s+(.+)$/m.exec(readFileSync('/etc/cups/cups-pdf.conf', 'utf8'))?.[1]?.trim();
    if (out) dirs.unshift(out.replace('${HOME}', homedir()).replace('${USER}', user));
  } catch {
    // default locations only
  }
  return dirs;
}

describe('badge print queue through CUPS', () => {
  let station: TestStation | undefined;
  afterEach(async () => {
    await station?.close();
    station?.dispose();
    station = undefined;
  });

  it('prints a queued badge as a PDF whose QR code is the pass', async () => {
    if (!cupsPdfQueue) {
      throw new Error(
        'No cups-pdf print queue: run `bash scripts/install-system-packages.sh`, which installs CUPS and adds one.',
      );
    }
    station = await tempStation({ hardware: { retryBaseMs: 200 } });
    await station.client(as('admin')).devices.configure({
      printers: [{ kind: 'cups', id: 'office', name: 'Office', queue: cupsPdfQueue, size: 'cr80' }],
    });
    const pass = `GH1.queue.${Date.now()}`;
    const name = `Queue Visitor ${Date.now()}`;
    const id = enqueueBadgeAsStation(station.core, {
      visitId: null,
      badge: {
        name,
        dateLine: '22 Nov 2026',
        typeName: 'Visitor',
        typeColor: '#2255aa',
        siteName: 'HQ',
        qrText: pass,
      },
    })!;
    const status = () =>
      station!.core.db.$client.prepare('SELECT status FROM print_jobs WHERE id = ?').pluck().get(id);
    await until(() => status() === 'done', 100);

    // cups-pdf names the file after the job title (the visitor's name, unique to this run). Found by name,
    // not by modification time: CUPS stamps files with its own clock, which a test may have shifted.
    const title = name.replace(/\s/g, '_');
    const written = () =>
      cupsPdfOutputDirs()
        .filter((dir) => existsSync(dir))
        .flatMap((dir) => readdirSync(dir).map((file) => join(dir, file)))
        .filter((file) => file.endsWith('.pdf') && file.includes(title));
    await until(() => written().length > 0, 200);
    // cups-pdf creates the file before it has finished writing it: wait until it ends like a PDF.
    await until(() => readFileSync(written()[0]!).includes('%%EOF'), 200);
    expect(decodeQrFromPdf(readFileSync(written()[0]!))).toBe(pass);
  });
});
