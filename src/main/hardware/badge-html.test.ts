// The badge page Electron's silent printing prints: visitor text cannot inject markup, the QR code in it
// decodes back to the pass, and the page is the badge's size.
import { describe, expect, it } from 'vitest';
import { createBitmap, fillRect } from '../../../drivers/printers/bitmap';
import { decodeQr } from '../../../drivers/printers/test-decode';
import type { StoredBadge } from '../../shared/devices';
import { badgeHtml, badgePageMicrons } from './badge-html';

const badge: StoredBadge = {
  name: 'Zoë <script>alert(1)</script>',
  company: 'Acme & "Sons"',
  hostLine: 'Host: Sam Lee',
  dateLine: '22 Nov 2026',
  typeName: 'Visitor',
  typeColor: '#2255aa',
  siteName: 'HQ',
  photoBase64: null,
  qrText: 'GH1:PASS-0042',
};

/** Rebuilds the QR code's modules from the SVG path (M x y h1v1h-1z per dark module). */
function qrBitmapFromSvg(html: string) {
  const side = Number(/viewBox="0 0 (\d+) \1"/.exec(html)?.[1]);
  const scale = 4;
  const bitmap = createBitmap(side * scale, side * scale);
  for (const [, x, y] of html.matchAll(/M(\d+) (\d+)h1v1h-1z/g))
    fillRect(bitmap, Number(x) * scale, Number(y) * scale, scale, scale);
  return bitmap;
}

describe('badge page for Electron printing', () => {
  it('escapes visitor text, so a name cannot add markup or scripts', () => {
    const html = badgeHtml(badge, 'cr80');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Zoë &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Acme &amp; &quot;Sons&quot;');
    expect(html).toContain("default-src 'none'");
  });

  it('carries a QR code that decodes back to the pass', () => {
    expect(decodeQr(qrBitmapFromSvg(badgeHtml(badge, 'label62')))).toBe(badge.qrText);
  });

  it('is the size of the badge: a CR80 card is 53.98 × 85.6 mm', () => {
    expect(badgePageMicrons('cr80')).toEqual({ width: 53_975, height: 85_725 });
    expect(badgeHtml(badge, 'cr80')).toContain('@page { size: 153pt 243pt; margin: 0 }');
    expect(badgePageMicrons('label62').width).toBeCloseTo(62_000, -1); // 175.75 pt
  });
});
