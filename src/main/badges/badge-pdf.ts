// Visitor badges as PDF (pdfkit): a CR80 card for card printers and a 62 mm label for Brother QL-style
// label printers. Name large, company, host, date, the visitor type's colour band, the photo when one was
// taken, and the pass QR code drawn as vectors so it stays sharp at any printer resolution.
import { qrMatrix } from '../../shared/qr';
import { openPdf } from '../../node/pdf/pdf-document';

export type BadgeSize = 'cr80' | 'label62';

/** Page sizes in points (1/72 in), portrait: CR80 is 2.125 × 3.375 in; the 62 mm label is cut at 100 mm. */
export const BADGE_PAGE: Record<BadgeSize, [number, number]> = {
  cr80: [153, 243],
  label62: [175.75, 283.46],
};

export interface BadgeContent {
  name: string;
  company?: string | null;
  /** Already translated lines, e.g. "Host: Ana Ruiz", "22 Nov 2026". */
  hostLine?: string | null;
  dateLine: string;
  typeName: string;
  /** The visitor type's colour, #rrggbb. */
  typeColor: string;
  siteName: string;
  /** JPEG or PNG bytes of the visitor's photo. */
  photo?: Buffer | null;
  /** What the QR code carries: the signed pass token. */
  qrText: string;
}

export function renderBadgePdf(content: BadgeContent, size: BadgeSize): Promise<Buffer> {
  const [width, height] = BADGE_PAGE[size];
  const { doc, done } = openPdf({
    size: [width, height],
    margin: 0,
    autoFirstPage: true,
    info: { Title: `Badge — ${content.name}` },
  });
  layout(doc, content, width, height);
  doc.end();
  return done;
}

type Doc = PDFKit.PDFDocument;

/** Height kept for the band and text lines above the QR code, in points. */
const TEXT_BLOCK = 118;

/** Portrait on both sizes: colour band, photo and name, details, then the QR code as large as fits. */
function layout(doc: Doc, c: BadgeContent, width: number, height: number) {
  const margin = 8;
  const band = 20;
  colourBand(doc, c, 0, 0, width, band);
  const textWidth = width - 2 * margin;
  let y = band + 8;
  if (c.photo) {
    const photo = { width: 36, height: 44 };
    drawPhoto(doc, c.photo, width - margin - photo.width, y, photo.width, photo.height);
    y =
      Math.max(
        fitText(doc, c.name, 'bold', margin, y, textWidth - photo.width - 6, 18, 9, 2),
        y + photo.height,
      ) + 3;
  } else {
    y = fitText(doc, c.name, 'bold', margin, y, textWidth, 20, 9, 2) + 3;
  }
  if (c.company) y = fitText(doc, c.company, 'regular', margin, y, textWidth, 11, 7) + 3;
  if (c.hostLine) y = fitText(doc, c.hostLine, 'regular', margin, y, textWidth, 9, 6) + 1;
  fitText(doc, c.dateLine, 'regular', margin, y, textWidth, 9, 6);
  // The QR code keeps a fixed place whatever the text, so a long name can never shrink it below what a
  // gate scanner reads at arm's length.
  const footer = 12;
  const qrSide = Math.min(textWidth, height - footer - 4 - TEXT_BLOCK);
  drawQr(doc, c.qrText, (width - qrSide) / 2, height - footer - 2 - qrSide, qrSide);
  doc.font('regular').fontSize(6).fillColor('#555555');
  doc.text(c.siteName, margin, height - footer + 2, {
    width: textWidth,
    align: 'center',
    lineBreak: false,
    ellipsis: true,
  });
}

function colourBand(doc: Doc, c: BadgeContent, x: number, y: number, width: number, height: number) {
  const color = /^#[0-9a-f]{6}$/i.test(c.typeColor) ? c.typeColor : '#444444';
  doc.rect(x, y, width, height).fill(color);
  doc
    .font('bold')
    .fontSize(height * 0.5)
    .fillColor('#ffffff');
  doc.text(c.typeName.toUpperCase(), x + 8, y + height * 0.25, {
    width: width - 16,
    lineBreak: false,
    ellipsis: true,
  });
}

/**
 * Writes text in at most `lines` lines at the largest size from `max` down to `min` that fits the width
 * (a longer text is cut with an ellipsis); returns the y below it.
 */
function fitText(
  doc: Doc,
  text: string,
  font: string,
  x: number,
  y: number,
  width: number,
  max: number,
  min: number,
  lines = 1,
): number {
  doc.font(font).fillColor('#111111');
  // Over several lines, every word must fit a line by itself: pdfkit breaks a word that does not mid-word
  // ("Carl Cont / ractor" beside the photo), so a smaller size is taken instead.
  const words = text.split(/\s+/).filter(Boolean);
  const fits = (size: number) =>
    lines === 1
      ? doc.fontSize(size).widthOfString(text) <= width
      : doc.fontSize(size).heightOfString(text, { width, lineGap: 0 }) <= size * 1.2 * lines &&
        words.every((word) => doc.widthOfString(word) <= width);
  let size = max;
  while (size > min && !fits(size)) size -= 0.5;
  doc.fontSize(size);
  const height = Math.min(doc.heightOfString(text, { width, lineGap: 0 }), size * 1.2 * lines);
  doc.text(text, x, y, { width, height, lineGap: 0, lineBreak: lines > 1, ellipsis: true });
  return y + height;
}

function drawQr(doc: Doc, text: string, x: number, y: number, side: number) {
  const qr = qrMatrix(text);
  const quiet = 4; // modules of white margin the QR standard asks for
  const module = side / (qr.size + 2 * quiet);
  doc.rect(x, y, side, side).fill('#ffffff');
  doc.fillColor('#000000');
  // One rectangle per run of dark modules in a row: half the drawing operators of one per module.
  for (let row = 0; row < qr.size; row++) {
    for (let col = 0; col < qr.size; col++) {
      if (!qr.isDark(col, row)) continue;
      let end = col + 1;
      while (end < qr.size && qr.isDark(end, row)) end++;
      doc.rect(x + (quiet + col) * module, y + (quiet + row) * module, (end - col) * module, module);
      col = end;
    }
  }
  doc.fill('#000000');
}

function drawPhoto(doc: Doc, photo: Buffer, x: number, y: number, width: number, height: number) {
  try {
    doc.image(photo, x, y, { fit: [width, height], align: 'center', valign: 'center' });
  } catch {
    // An unreadable photo must never stop a badge from printing: leave the space empty.
  }
}
