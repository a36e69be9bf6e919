// A pdfkit document with the station's DejaVu fonts registered ('regular', 'bold', 'signature'; parsed
// once per process, so every name prints and no document pays for the parse), and the finished file as one
// Buffer once the caller ends it.
import PDFDocument from 'pdfkit';
import { registerFonts } from './fonts';

export function openPdf(options: PDFKit.PDFDocumentOptions): {
  doc: PDFKit.PDFDocument;
  done: Promise<Buffer>;
} {
  const doc = new PDFDocument(options);
  registerFonts(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}
