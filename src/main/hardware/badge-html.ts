// A badge as one self-contained HTML page, for Electron's silent printing (webContents.print): the same
// lines as the PDF badge, the photo inline, the QR code as SVG drawn from the same module matrix. Page
// size in points (BADGE_PAGE) and, for Electron, in microns.
import type { StoredBadge } from '../../shared/devices';
import { qrMatrix } from '../../shared/qr';
import { BADGE_PAGE, type BadgeSize } from '../badges/badge-pdf';

const MICRONS_PER_POINT = 25_400 / 72;

/** The page in microns, as Electron's print pageSize takes it. */
export function badgePageMicrons(size: BadgeSize): { width: number; height: number } {
  const [width, height] = BADGE_PAGE[size];
  return { width: Math.round(width * MICRONS_PER_POINT), height: Math.round(height * MICRONS_PER_POINT) };
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const text = (value: string) => value.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/** The QR code as an SVG path of dark modules, with the 4-module quiet zone. */
export function qrSvg(content: string): string {
  const m = qrMatrix(content);
  const parts: string[] = [];
  for (let y = 0; y < m.size; y++)
    for (let x = 0; x < m.size; x++) if (m.isDark(x, y)) parts.push(`M${x + 4} ${y + 4}h1v1h-1z`);
  const side = m.size + 8;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges"><rect width="${side}" height="${side}" fill="#fff"/><path d="${parts.join('')}" fill="#000"/></svg>`;
}

export function badgeHtml(badge: StoredBadge, size: BadgeSize): string {
  const [width, height] = BADGE_PAGE[size];
  const line = (value: string | null | undefined, className: string) =>
    value ? `<p class="${className}">${text(value)}</p>` : '';
  const photo = badge.photoBase64
    ? `<img class="photo" alt="" src="data:image/jpeg;base64,${badge.photoBase64.replace(/[^A-Za-z0-9+/=]/g, '')}">`
    : '';
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${text(badge.name)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<style>
@page { size: ${width}pt ${height}pt; margin: 0 }
html, body { margin: 0; width: ${width}pt; height: ${height}pt; overflow: hidden; font-family: 'DejaVu Sans', sans-serif }
.band { background: ${badge.typeColor}; color: #fff; font: bold 9pt sans-serif; padding: 3pt 6pt;
  -webkit-print-color-adjust: exact; print-color-adjust: exact }
.name { font: bold 14pt sans-serif; margin: 4pt 6pt 0 }
.line { font-size: 8pt; margin: 1pt 6pt }
.photo { float: right; width: 40pt; margin: 4pt 6pt 0 0 }
.qr { display: block; width: ${Math.min(width, height) - 24}pt; margin: 4pt auto 0 }
</style></head><body>
<div class="band">${text(badge.typeName)} · ${text(badge.siteName)}</div>
${photo}${line(badge.name, 'name')}${line(badge.company, 'line')}${line(badge.hostLine, 'line')}${line(badge.dateLine, 'line')}
<div class="qr">${qrSvg(badge.qrText)}</div>
</body></html>
`;
}
