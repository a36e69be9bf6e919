// The words of the desk's visit report files per language; the PDF itself is drawn by src/node/pdf/report-pdf.ts.
export { localTime, renderReportPdf, type ReportPdfContent } from '../../node/pdf/report-pdf';

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
