// Makes the project's own set of distorted badge "photos" for bench `decode` (issue 18 item 4): real
// Gatehouse badges (renderBadgePdf, CR80 card and 62 mm label) carrying real signed pass tokens
// (issuePassToken), rasterised with pdftoppm, then shown to Debian's Chromium as a 640×480 camera frame
// under one distortion per category — perspective, blur, glare, low contrast, small modules, a pass on a
// phone screen, and an everyday mix — and kept as grey PNGs with the expected text beside each.
// Seeded: `npx tsx bench/decode/make-badge-photos.ts [outDir]` makes the same set again (Chromium's
// rendering aside). The committed set lives in bench/data/badge-photos (see its README.md).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';
import { renderBadgePdf, type BadgeSize } from '../../src/main/badges/badge-pdf';
import { generateStationKey } from '../../src/main/core/keys';
import { issuePassToken } from '../../src/main/passes/token';
import { Rng } from '../../tests/support/sync/rng';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = process.argv[2] ?? path.join(REPO, 'bench/data/badge-photos');
const PER_CATEGORY = 8;
const FRAME = { width: 640, height: 480 };
const rng = new Rng(20261206);
const between = (low: number, high: number) => low + (high - low) * rng.next();
const signed = (low: number, high: number) => (rng.chance(0.5) ? -1 : 1) * between(low, high);

const NAMES = ['Grace Hopper', 'Ada Lovelace', 'Chidi Okafor', 'Mei Lin', 'José Álvarez', 'Anna Kowalska'];
const station = generateStationKey();

function passToken(i: number): string {
  const now = Date.UTC(2026, 11, 6, 9);
  return issuePassToken(
    {
      passId: `0193a0b2-0000-7000-8000-${String(i).padStart(12, '0')}`,
      siteId: '0193a0b2-1111-7000-8000-000000000001',
      validFrom: new Date(now),
      validUntil: new Date(now + 8 * 3_600_000),
      zoneIds: ['0193a0b2-2222-7000-8000-000000000001'].slice(0, 1 + (i % 2)),
      multiEntry: i % 2 === 0,
      kind: i % 3 === 0 ? 'invite' : 'visit',
    },
    station,
  );
}

/** The badge as a PNG (pdftoppm at 200 dpi), as a data URL for the page. */
async function badgeImage(token: string, i: number, size: BadgeSize, work: string): Promise<string> {
  const pdf = await renderBadgePdf(
    {
      name: NAMES[i % NAMES.length]!,
      company: 'Northwind Traders',
      hostLine: 'Host: Ana Ruiz',
      dateLine: '6 Dec 2026',
      typeName: 'Visitor',
      typeColor: ['#2563eb', '#16a34a', '#dc2626'][i % 3]!,
      siteName: 'Harbour House',
      qrText: token,
    },
    size,
  );
  const base = path.join(work, `badge-${i}`);
  writeFileSync(`${base}.pdf`, pdf);
  execFileSync('pdftoppm', ['-r', '200', '-png', '-singlefile', `${base}.pdf`, base]);
  return `data:image/png;base64,${readFileSync(`${base}.png`).toString('base64')}`;
}

interface Shot {
  /** CSS of the badge image (or the phone) in the frame. */
  style: string;
  /** Extra layers over it (glare, moiré, uneven light). */
  overlay?: string;
  /** The pass on a phone screen: the code alone on a dark phone, not a printed badge. */
  phone?: boolean;
}

const centred = (height: number) =>
  `position:absolute;left:50%;top:50%;height:${height.toFixed(0)}px;transform-origin:center;`;

const CATEGORIES: Record<string, () => Shot> = {
  perspective: () => ({
    style:
      centred(between(380, 440)) +
      `transform:translate(-50%,-50%) perspective(700px) rotateX(${signed(25, 45).toFixed(1)}deg) rotateY(${signed(20, 45).toFixed(1)}deg) rotateZ(${signed(0, 20).toFixed(1)}deg);`,
  }),
  blur: () => ({
    style:
      centred(between(400, 450)) +
      `transform:translate(-50%,-50%) rotateZ(${signed(0, 8).toFixed(1)}deg);filter:blur(${between(1.4, 2.6).toFixed(2)}px);`,
  }),
  glare: () => ({
    style:
      centred(between(400, 450)) + `transform:translate(-50%,-50%) rotateZ(${signed(0, 8).toFixed(1)}deg);`,
    overlay: `radial-gradient(ellipse ${between(60, 110).toFixed(0)}px ${between(40, 80).toFixed(0)}px at ${between(40, 60).toFixed(0)}% ${between(55, 75).toFixed(0)}%, rgba(255,255,255,${between(0.8, 0.95).toFixed(2)}) 0%, rgba(255,255,255,${between(0.4, 0.6).toFixed(2)}) 55%, rgba(255,255,255,0) 100%)`,
  }),
  'low-contrast': () => ({
    style:
      centred(between(400, 450)) +
      `transform:translate(-50%,-50%) rotateZ(${signed(0, 8).toFixed(1)}deg);filter:contrast(${between(0.18, 0.32).toFixed(2)}) brightness(${between(1.0, 1.4).toFixed(2)});`,
  }),
  'small-modules': () => ({
    style:
      centred(between(150, 210)) + `transform:translate(-50%,-50%) rotateZ(${signed(0, 10).toFixed(1)}deg);`,
  }),
  'phone-screen': () => ({
    phone: true,
    style:
      centred(between(330, 400)) +
      `transform:translate(-50%,-50%) perspective(800px) rotateY(${signed(0, 20).toFixed(1)}deg) rotateZ(${signed(0, 15).toFixed(1)}deg);filter:blur(${between(0.4, 1.0).toFixed(2)}px) brightness(${between(1.1, 1.4).toFixed(2)});`,
    overlay: `repeating-linear-gradient(${between(0, 180).toFixed(0)}deg, rgba(0,0,0,${between(0.12, 0.25).toFixed(2)}) 0px, rgba(0,0,0,0) 1.5px, rgba(0,0,0,0) 3px)`,
  }),
  everyday: () => ({
    style:
      centred(between(300, 420)) +
      `transform:translate(-50%,-50%) perspective(800px) rotateX(${signed(5, 20).toFixed(1)}deg) rotateY(${signed(5, 20).toFixed(1)}deg) rotateZ(${signed(0, 25).toFixed(1)}deg);filter:blur(${between(0.5, 1.2).toFixed(2)}px) contrast(${between(0.55, 0.8).toFixed(2)});`,
    overlay: `linear-gradient(${between(0, 360).toFixed(0)}deg, rgba(0,0,0,${between(0.25, 0.45).toFixed(2)}), rgba(255,255,255,0) 70%)`,
  }),
};

function page(image: string, qrOnly: string, shot: Shot): string {
  const subject = shot.phone
    ? `<div style="${shot.style}aspect-ratio:9/17;background:#111;border-radius:28px;padding:70px 14px;box-sizing:border-box;display:flex;align-items:center;justify-content:center"><img src="${qrOnly}" style="width:100%;background:#fff;padding:10px;box-sizing:border-box"></div>`
    : `<img src="${image}" style="${shot.style}">`;
  const overlay = shot.overlay
    ? `<div style="position:absolute;inset:0;background:${shot.overlay}"></div>`
    : '';
  return `<!doctype html><html><body style="margin:0;width:${FRAME.width}px;height:${FRAME.height}px;overflow:hidden;position:relative;background:linear-gradient(135deg,#8a7f72,#5e564c 60%,#776d61)">${subject}${overlay}</body></html>`;
}

/** The QR code alone, as a phone shows an e-mailed pass: cut from badge `i`'s PNG. */
function qrOnly(work: string, i: number): string {
  const base = path.join(work, `badge-${i}`);
  const png = PNG.sync.read(readFileSync(`${base}.png`));
  // The code is the largest square of dark modules on the badge; find its bounding box of dark pixels
  // below the header band (the lower 60 % of the card).
  let [minX, minY, maxX, maxY] = [png.width, png.height, 0, 0];
  for (let y = Math.floor(png.height * 0.4); y < png.height; y++)
    for (let x = 0; x < png.width; x++) {
      const o = (y * png.width + x) * 4;
      if (png.data[o]! < 60 && png.data[o + 1]! < 60 && png.data[o + 2]! < 60) {
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
    }
  const side = Math.max(maxX - minX, maxY - minY) + 1;
  const out = new PNG({ width: side, height: side });
  PNG.bitblt(png, out, minX, minY, Math.min(side, png.width - minX), Math.min(side, png.height - minY), 0, 0);
  return `data:image/png;base64,${PNG.sync.write(out).toString('base64')}`;
}

/** The screenshot as a grey PNG (what the camera decoders read anyway): a third of the bytes. */
function grey(screenshot: Buffer): Buffer {
  const png = PNG.sync.read(screenshot);
  const out = new PNG({ width: png.width, height: png.height, colorType: 0, inputColorType: 2 });
  const rgb = Buffer.alloc(png.width * png.height * 3);
  for (let i = 0; i < png.width * png.height; i++) {
    const y = Math.round(
      0.299 * png.data[i * 4]! + 0.587 * png.data[i * 4 + 1]! + 0.114 * png.data[i * 4 + 2]!,
    );
    rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = y;
  }
  out.data = rgb;
  return PNG.sync.write(out, { colorType: 0, inputColorType: 2 });
}

const work = mkdtempSync(path.join(tmpdir(), 'gatehouse-badge-photos-'));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
try {
  const tab = await browser.newPage({ viewport: FRAME, deviceScaleFactor: 1 });
  let n = 0;
  for (const [category, make] of Object.entries(CATEGORIES)) {
    const dir = path.join(OUT, category);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (let k = 0; k < PER_CATEGORY; k++, n++) {
      const token = passToken(n);
      const image = await badgeImage(token, n, n % 2 === 0 ? 'cr80' : 'label62', work);
      const shot = make();
      await tab.setContent(page(image, shot.phone ? qrOnly(work, n) : '', shot));
      await tab.waitForFunction(() => [...document.images].every((img) => img.complete));
      const name = `${category}-${k + 1}`;
      writeFileSync(path.join(dir, `${name}.png`), grey(await tab.screenshot({ type: 'png' })));
      writeFileSync(path.join(dir, `${name}.txt`), token);
    }
    console.log(`${category}: ${PER_CATEGORY} photos`);
  }
} finally {
  await browser.close();
  rmSync(work, { recursive: true, force: true });
}
