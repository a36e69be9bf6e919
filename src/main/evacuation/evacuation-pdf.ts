// The evacuation roll call as an A4 PDF (pdfkit): a summary line, then one block per host with a box to
// tick for each visitor. DejaVu fonts, so every name prints (see badges/badge-pdf.ts).
import { openPdf } from '../../node/pdf/pdf-document';

export interface RollCallPdfContent {
  /** Already translated: title, summary line, column headings, "no host" heading, "safe" word. */
  title: string;
  subtitle: string;
  summary: string;
  noHost: string;
  safeWord: string;
  groups: {
    hostName: string | null;
    people: { name: string; company: string | null; since: string; safe: boolean }[];
  }[];
}

export function renderRollCallPdf(content: RollCallPdfContent): Promise<Buffer> {
  const { doc, done } = openPdf({ size: 'A4', margin: 48, info: { Title: content.title } });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.font('bold').fontSize(20).text(content.title);
  doc.font('regular').fontSize(10).fillColor('#444').text(content.subtitle);
  doc.moveDown(0.5).font('bold').fontSize(12).fillColor('#000').text(content.summary);
  doc.moveDown();

  for (const group of content.groups) {
    if (doc.y > doc.page.height - 120) doc.addPage();
    doc
      .font('bold')
      .fontSize(12)
      .fillColor('#000')
      .text(group.hostName ?? content.noHost, left, doc.y);
    doc
      .moveTo(left, doc.y + 2)
      .lineTo(left + width, doc.y + 2)
      .strokeColor('#999')
      .stroke();
    doc.moveDown(0.4);
    for (const person of group.people) {
      if (doc.y > doc.page.height - 70) doc.addPage();
      const y = doc.y;
      doc
        .rect(left, y + 1, 10, 10)
        .strokeColor('#000')
        .stroke();
      if (person.safe)
        doc
          .font('bold')
          .fontSize(9)
          .text('✓', left + 1.5, y + 1, { lineBreak: false });
      const line = [person.name, person.company].filter(Boolean).join(' — ');
      doc
        .font('regular')
        .fontSize(11)
        .fillColor('#000')
        .text(line, left + 18, y, { width: width - 150 });
      doc
        .fontSize(9)
        .fillColor('#444')
        .text(
          person.safe ? `${person.since} · ${content.safeWord}` : person.since,
          left + width - 130,
          y + 1,
          {
            width: 130,
            align: 'right',
          },
        );
      doc.x = left;
      doc.y = Math.max(doc.y, y + 16);
    }
    doc.moveDown(0.8);
  }
  doc.end();
  return done;
}

/** The few words of the printed list, per language (the station prints it, not the screen). */
export const ROLL_CALL_WORDS = {
  en: {
    title: 'Evacuation roll call',
    subtitle: '{site} · started {time}',
    summary: '{total} on site · {safe} safe · {unaccounted} unaccounted for',
    noHost: 'No host',
    since: 'in since {time}',
    safe: 'safe',
  },
  es: {
    title: 'Pase de lista de evacuación',
    subtitle: '{site} · iniciado {time}',
    summary: '{total} en el edificio · {safe} a salvo · {unaccounted} sin localizar',
    noHost: 'Sin anfitrión',
    since: 'dentro desde {time}',
    safe: 'a salvo',
  },
  fr: {
    title: "Appel d'évacuation",
    subtitle: '{site} · commencé {time}',
    summary: '{total} sur site · {safe} en sécurité · {unaccounted} non localisés',
    noHost: 'Sans hôte',
    since: 'présent depuis {time}',
    safe: 'en sécurité',
  },
  de: {
    title: 'Evakuierungsappell',
    subtitle: '{site} · begonnen {time}',
    summary: '{total} vor Ort · {safe} in Sicherheit · {unaccounted} nicht erfasst',
    noHost: 'Ohne Gastgeber',
    since: 'da seit {time}',
    safe: 'in Sicherheit',
  },
} as const;

export { fill } from '../../node/pdf/report-pdf';
