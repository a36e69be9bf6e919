// Zebra ZPL badge for a CR80 card at 203 dpi (≈ 685 × 431 dots): text lines with ^A0N and the pass as
// a QR code (^BQN,2,m ^FDQA,<data>^FS). User text cannot inject commands: every field uses ^FH and
// has ^, ~ and _ (and control characters) written as _XX hex escapes.
import { stripControlChars } from '../common/text';
import { badgeLines, parseBadge, type Badge } from './badge';

export const ZPL_CR80 = { width: 685, height: 431 } as const;

/** Make user text safe inside ^FH^FD…^FS: control characters dropped, ^ ~ _ hex-escaped. */
export function zplEscape(text: string): string {
  return stripControlChars(text).replace(/[\^~_]/g, (c) => `_${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export interface ZplOptions {
  /** QR magnification 1–10 (dots per module). */
  qrMagnification?: number;
}

export function zplBadge(input: Badge, { qrMagnification = 6 }: ZplOptions = {}): string {
  const badge = parseBadge(input);
  if (!Number.isInteger(qrMagnification) || qrMagnification < 1 || qrMagnification > 10) {
    throw new RangeError('QR magnification must be 1..10');
  }
  const [name = '', ...rest] = badgeLines(badge);
  const field = (x: number, y: number, height: number, text: string) =>
    `^FO${x},${y}^A0N,${height},${height}^FH^FD${zplEscape(text)}^FS`;
  const lines = [
    '^XA',
    '^CI28', // UTF-8 field data
    `^PW${ZPL_CR80.width}`,
    `^LL${ZPL_CR80.height}`,
    field(30, 40, 56, name),
    ...rest.map((line, i) => field(30, 120 + i * 44, 34, line)),
    // ^BQ adds its own quiet zone; QA = error correction Q, automatic mode. The pass code is
    // printable ASCII (checked by the schema) and escaped like any other field.
    `^FO${ZPL_CR80.width - 30 - 33 * qrMagnification},${ZPL_CR80.height - 40 - 33 * qrMagnification}^BQN,2,${qrMagnification}^FH^FDQA,${zplEscape(badge.qr)}^FS`,
    '^XZ',
  ];
  return lines.join('\n') + '\n';
}
