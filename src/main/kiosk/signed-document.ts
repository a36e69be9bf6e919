// The signed copy of a document a visitor signed at the kiosk: the text they were shown, in their
// language, with who signed it, when, which version, and the signature image, as one PDF.
import type { Language } from '../../shared/domain';
import { openPdf } from '../../node/pdf/pdf-document';

const LABELS: Record<Language, { signedBy: string; signedAt: string; version: string; typed: string }> = {
  en: { signedBy: 'Signed by', signedAt: 'Signed on', version: 'Version', typed: 'Typed signature' },
  es: { signedBy: 'Firmado por', signedAt: 'Firmado el', version: 'Versión', typed: 'Firma escrita' },
  fr: { signedBy: 'Signé par', signedAt: 'Signé le', version: 'Version', typed: 'Signature saisie' },
  de: {
    signedBy: 'Unterschrieben von',
    signedAt: 'Unterschrieben am',
    version: 'Version',
    typed: 'Getippte Unterschrift',
  },
};

export interface SignedDocumentContent {
  title: string;
  body: string;
  version: number;
  language: Language;
  signerName: string;
  /** The site's local date and time of signing, already formatted. */
  signedAtText: string;
  /** A drawn signature's PNG, or the name typed as a signature (the keyboard-only way to sign). */
  signature: { png: Buffer } | { typedName: string };
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
  if ('png' in content.signature) doc.image(content.signature.png, { fit: [240, 100] });
  else {
    doc.font('signature').fontSize(26).text(content.signature.typedName);
    doc.font('regular').fontSize(9).fillColor('#555').text(`(${labels.typed})`).fillColor('#000');
  }
  doc.moveDown(0.5);
  doc.font('regular').fontSize(10).text(`${labels.signedBy}: ${content.signerName}`);
  doc.text(`${labels.signedAt}: ${content.signedAtText}`);
  doc.end();
  return done;
}
