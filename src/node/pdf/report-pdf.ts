// A report as an A4 PDF (pdfkit), like the evacuation list: a title, short facts, bar charts and headed
// lists of lines. The desk's visit report and the fleet console's report across sites both print with it;
// all text comes in already translated; DejaVu fonts, so every name prints.
import { DateTime } from 'luxon';
import { openPdf } from './pdf-document';

/** A time as the site's local "yyyy-MM-dd HH:mm" (empty for none), for exported files. */
export const localTime = (iso: string | null | undefined, zone: string) =>
  iso ? DateTime.fromISO(iso, { zone }).toFormat('yyyy-MM-dd HH:mm') : '';

/** Fills {name} placeholders of a report's words. */
export const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));

export interface ReportPdfContent {
  title: string;
  subtitle: string;
  /** Short lines under the title: totals, dwell statistics. */
  facts: string[];
  charts: { heading: string; bars: { label: string; value: number }[] }[];
  /** Headed lists of lines: peak hours, days, exceptions. */
  sections: { heading: string; lines: string[] }[];
}

export function renderReportPdf(content: ReportPdfContent): Promise<Buffer> {
  const { doc, done } = openPdf({ size: 'A4', margin: 48, info: { Title: content.title } });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const heading = (text: string) => {
    if (doc.y > bottom() - 60) doc.addPage();
    doc.moveDown(0.8).font('bold').fontSize(12).fillColor('#000').text(text, left, doc.y);
    doc.moveDown(0.3);
  };

  doc.font('bold').fontSize(20).text(content.title);
  doc.font('regular').fontSize(10).fillColor('#444').text(content.subtitle);
  doc.moveDown(0.5).font('regular').fontSize(11).fillColor('#000');
  for (const fact of content.facts) doc.text(fact);

  for (const chart of content.charts) {
    heading(chart.heading);
    const height = 80;
    if (doc.y > bottom() - height - 20) doc.addPage();
    const top = doc.y;
    const max = Math.max(1, ...chart.bars.map((b) => b.value));
    const slot = width / chart.bars.length;
    chart.bars.forEach((bar, i) => {
      const h = (bar.value / max) * height;
      const x = left + i * slot;
      doc
        .rect(x + 1, top + height - h, slot - 2, h)
        .fillColor('#2563eb')
        .fill();
      doc
        .font('regular')
        .fontSize(6)
        .fillColor('#000')
        .text(String(bar.value), x, top + height - h - 8, { width: slot, align: 'center', lineBreak: false });
      doc.text(bar.label, x, top + height + 2, { width: slot, align: 'center', lineBreak: false });
    });
    doc.x = left;
    doc.y = top + height + 14;
  }

  for (const section of content.sections) {
    heading(section.heading);
    doc.font('regular').fontSize(9).fillColor('#000');
    for (const line of section.lines) {
      if (doc.y > bottom() - 14) doc.addPage();
      doc.text(line, left, doc.y, { width });
    }
  }
  doc.end();
  return done;
}
