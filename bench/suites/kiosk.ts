// Suite `kiosk`: what a visitor waits for at the kiosk. QR decode time per camera frame (the same zxing
// reader core the renderer runs on the live stream, here in Node on generated frames), the station time
// from a scanned invite to the welcome answer, and the badge PDF render time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  BinaryBitmap,
  DecodeHintType,
  HybridBinarizer,
  QRCodeReader,
  RGBLuminanceSource,
} from '@zxing/library';
import { renderBadgePdf } from '../../src/main/badges/badge-pdf';
import { startStation } from '../../src/main/station';
import { qrFrame } from '../../tests/support/y4m';
import { buildRenderer } from '../bundle';
import { summarize, time } from '../stats';

const INVITE = 'NWH-7K3Q9P';
/** As long as a real visit pass (GH1: + base45 of the signed claims). */
const PASS_LIKE = `GH1:${'6BFOXN*TS0BI$ZDFRH%2F3ZCF$Q7+EH$6Q2R1F/9B'.repeat(3).slice(0, 126)}`;

function decodeOnce(frame: Uint8Array, width: number, height: number): boolean {
  const hints = new Map([[DecodeHintType.TRY_HARDER, false]]);
  try {
    const source = new RGBLuminanceSource(Uint8ClampedArray.from(frame), width, height);
    new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), hints);
    return true;
  } catch {
    return false;
  }
}

async function decodeFigures(text: string, width: number, height: number, moduleSize: number) {
  const frame = qrFrame(text, width, height, moduleSize);
  const samples = await time(200, () => decodeOnce(frame, width, height));
  // The frame is the same every time: it either reads or it does not (1 or 0).
  return { ...summarize(samples), readable: decodeOnce(frame, width, height) ? 1 : 0 };
}

export async function kioskSuite(): Promise<Record<string, number>> {
  const metrics: Record<string, number> = {};
  for (const [label, width, height, moduleSize] of [
    ['640x480', 640, 480, 6],
    ['1280x720', 1280, 720, 8],
  ] as const) {
    for (const [kind, text] of [
      ['invite', INVITE],
      ['pass', PASS_LIKE],
    ] as const) {
      const f = await decodeFigures(text, width, height, moduleSize);
      metrics[`qr_decode_${kind}_${label}_median_ms`] = f.median;
      metrics[`qr_decode_${kind}_${label}_p99_ms`] = f.p99;
      metrics[`qr_decode_${kind}_${label}_readable`] = f.readable;
    }
  }

  // Issue 18 item 5: the gzipped JavaScript a kiosk loads before its first screen (limit 250 KB).
  const bundle = await buildRenderer();
  metrics.first_screen_js_gzip_kb = Math.round(bundle.firstScreenGzipBytes / 102.4) / 10;

  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-bench-kiosk-'));
  try {
    const station = await startStation({ dataDir, demo: true, preset: { kind: 'kiosk' } });
    station.core.db.$client
      .prepare(
        'UPDATE visits SET invite_code = ?, expected_at = ? WHERE id = (SELECT id FROM visits LIMIT 1)',
      )
      .run(INVITE, new Date().toISOString());
    const visitor = { role: 'visitor' as const, userId: null };
    const scan = summarize(
      await time(1000, () =>
        station.dispatcher.call('kiosk.findInvite', { invite: INVITE, language: 'en' }, visitor),
      ),
    );
    metrics.invite_scan_to_welcome_median_ms = scan.median;
    metrics.invite_scan_to_welcome_p99_ms = scan.p99;
    station.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  for (const size of ['cr80', 'label62'] as const) {
    const badge = summarize(
      await time(100, () =>
        renderBadgePdf(
          {
            name: 'Grace Hopper',
            company: 'Compilers Ltd',
            hostLine: 'Host: Ana Ruiz',
            dateLine: '22 Nov 2026',
            typeName: 'Visitor',
            typeColor: '#2563eb',
            siteName: 'Northwind Harbour Offices',
            qrText: PASS_LIKE,
          },
          size,
        ),
      ),
    );
    metrics[`badge_pdf_${size}_median_ms`] = badge.median;
    metrics[`badge_pdf_${size}_p99_ms`] = badge.p99;
  }
  return metrics;
}
