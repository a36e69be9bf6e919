// The DejaVu fonts every PDF the station makes uses (badges, signed copies), parsed once per process.
// pdfkit parses a font file again for every document it is registered with; that parse was most of a
// badge's render time, so each document gets the same parsed font (pdfkit accepts a fontkit font).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import type PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
// DejaVu covers every Latin, Greek and Cyrillic name; the PDF's built-in fonts cover only Latin-1.
const FILES = {
  regular: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  bold: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
  /** For typed signatures: a slanted hand, so a typed name reads as a signature and not as text. */
  signature: 'dejavu-fonts-ttf/ttf/DejaVuSerif-Italic.ttf',
} as const;
export type FontName = keyof typeof FILES;

const parsed = new Map<FontName, unknown>();

function font(name: FontName): unknown {
  let f = parsed.get(name);
  if (!f) {
    f = fontkit.create(readFileSync(require.resolve(FILES[name])));
    parsed.set(name, f);
  }
  return f;
}

/** Registers the fonts under their names ('regular', 'bold', 'signature') on a new document. */
export function registerFonts(doc: InstanceType<typeof PDFDocument>): void {
  // @types/pdfkit lists only paths and bytes, but pdfkit also takes a parsed fontkit font as is.
  for (const name of Object.keys(FILES) as FontName[])
    doc.registerFont(name, font(name) as unknown as Buffer);
}
