// The signed copy of a document a visitor signed at the kiosk: the text they were shown, in their
// language, with who signed it, when, which version, and the signature image, as one PDF.
import type { Language } from '../../shared/domain';
import { openPdf } from '../pdf-document';

const LABELS: Record<Language, { signedBy: string; signedAt: string; version: string }> = {
  en: { signedBy: 'Signed by', signedAt: 'Signed on', version: 'Version' },
  es: { signedBy: 'Firmado por', signedAt: 'Firmado el', version: 'Versión' },
  fr: { signedBy: 'Signé par', signedAt: 'Signé le', version: 'Version' },
  de: { signedBy: 'Unterschrieben von', signedAt: 'Unterschrieben am', version: 'Version' },
};

export interface SignedDocumentContent {
  title: string;
  body: string;
  version: number;
  language: Language;
  signerName: string;
  /** The site's local date and time of signing, already formatted. */
  signedAtText: string;
  signaturePng: Buffer;
}

export function renderSignedDocumentPdf(content: SignedDocumentContent): Promise<Buffer> {
  const { doc, done } = openPdf({ size: 'A4', margin: 56, info: { Title: content.title } });
  const labels = LABELS[content.language];
  doc.font('bold').fontSize(18).text(content.title);
  doc
    .moveDown(0.3)
    .font('regular')
    .fontSize(9)
    .fillColor('#555')
    .text(`${labels.version} ${content.version}`);
  doc.moveDown().fontSize(11).fillColor('#000').text(content.body, { align: 'left' });
  doc.moveDown(2);
  doc.image(content.signaturePng, { fit: [240, 100] });
  doc.moveDown(0.5);
  doc.font('regular').fontSize(10).text(`${labels.signedBy}: ${content.signerName}`);
  doc.text(`${labels.signedAt}: ${content.signedAtText}`);
  doc.end();
  return done;
}
