// The visit report as an A4 PDF (pdfkit), like the evacuation list: totals, dwell time, arrivals by hour
// and by weekday as bars, peak hours, the day-by-day log and the security exceptions. All text comes in
// already translated; DejaVu fonts, so every name prints.
import { DateTime } from 'luxon';
import { openPdf } from '../pdf/pdf-document';

/** A time as the site's local "yyyy-MM-dd HH:mm" (empty for none), for exported files. */
export const localTime = (iso: string | null | undefined, zone: string) =>
  iso ? DateTime.fromISO(iso, { zone }).toFormat('yyyy-MM-dd HH:mm') : '';

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

/** The words of the exported files, per language (the station writes them, not the screen). */
export const REPORT_WORDS = {
  en: {
    title: 'Visitor report',
    subtitle: '{site} · {from} – {to}',
    totals: '{visits} visits · {arrivals} arrived · {noShows} no-shows',
    dwell:
      'Time on site: median {median} min · mean {mean} min · 90th percentile {p90} min · longest {max} min',
    noDwell: 'Time on site: nobody checked in and out in this range.',
    byHour: 'Arrivals by hour',
    byWeekday: 'Arrivals by weekday',
    peakHours: 'Peak hours',
    peakLine: '{date} {hour}:00 – {arrivals} arrivals',
    days: 'Day by day',
    dayLine: '{date}: {visits} visits, {arrivals} arrived, {noShows} no-shows',
    exceptions: 'Security exceptions',
    none: 'None.',
    kinds: {
      watchlist_hit: 'Watchlist hit',
      refused_scan: 'Refused scan',
      gate_override: 'Gate override',
      capacity_override: 'Over capacity',
    },
  },
  es: {
    title: 'Informe de visitantes',
    subtitle: '{site} · {from} – {to}',
    totals: '{visits} visitas · {arrivals} llegaron · {noShows} no se presentaron',
    dwell:
      'Tiempo en el edificio: mediana {median} min · media {mean} min · percentil 90 {p90} min · máximo {max} min',
    noDwell: 'Tiempo en el edificio: nadie entró y salió en este periodo.',
    byHour: 'Llegadas por hora',
    byWeekday: 'Llegadas por día de la semana',
    peakHours: 'Horas punta',
    peakLine: '{date} {hour}:00 – {arrivals} llegadas',
    days: 'Día a día',
    dayLine: '{date}: {visits} visitas, {arrivals} llegaron, {noShows} no se presentaron',
    exceptions: 'Excepciones de seguridad',
    none: 'Ninguna.',
    kinds: {
      watchlist_hit: 'Coincidencia en lista de vigilancia',
      refused_scan: 'Lectura rechazada',
      gate_override: 'Paso forzado en el torno',
      capacity_override: 'Por encima del aforo',
    },
  },
  fr: {
    title: 'Rapport des visiteurs',
    subtitle: '{site} · {from} – {to}',
    totals: '{visits} visites · {arrivals} arrivés · {noShows} absents',
    dwell:
      'Temps sur site : médiane {median} min · moyenne {mean} min · 90e centile {p90} min · maximum {max} min',
    noDwell: 'Temps sur site : personne n’est entré et sorti sur cette période.',
    byHour: 'Arrivées par heure',
    byWeekday: 'Arrivées par jour de la semaine',
    peakHours: 'Heures de pointe',
    peakLine: '{date} {hour}:00 – {arrivals} arrivées',
    days: 'Jour par jour',
    dayLine: '{date} : {visits} visites, {arrivals} arrivés, {noShows} absents',
    exceptions: 'Exceptions de sécurité',
    none: 'Aucune.',
    kinds: {
      watchlist_hit: 'Alerte liste de surveillance',
      refused_scan: 'Passage refusé',
      gate_override: 'Passage forcé au portique',
      capacity_override: 'Au-delà de la capacité',
    },
  },
  de: {
    title: 'Besucherbericht',
    subtitle: '{site} · {from} – {to}',
    totals: '{visits} Besuche · {arrivals} angekommen · {noShows} nicht erschienen',
    dwell:
      'Aufenthaltsdauer: Median {median} min · Mittel {mean} min · 90. Perzentil {p90} min · längste {max} min',
    noDwell: 'Aufenthaltsdauer: In diesem Zeitraum ist niemand ein- und ausgecheckt.',
    byHour: 'Ankünfte nach Stunde',
    byWeekday: 'Ankünfte nach Wochentag',
    peakHours: 'Spitzenzeiten',
    peakLine: '{date} {hour}:00 – {arrivals} Ankünfte',
    days: 'Tag für Tag',
    dayLine: '{date}: {visits} Besuche, {arrivals} angekommen, {noShows} nicht erschienen',
    exceptions: 'Sicherheitsausnahmen',
    none: 'Keine.',
    kinds: {
      watchlist_hit: 'Treffer auf der Beobachtungsliste',
      refused_scan: 'Abgelehnter Scan',
      gate_override: 'Freigabe am Drehkreuz',
      capacity_override: 'Über der Kapazität',
    },
  },
} as const;
