// A person's export (issue #15) as a readable PDF: the same bundle as the JSON export, in headed sections
// (identity, visits with their times, signed documents, passes, gate events, incidents, legal holds, the
// audit entries that refer to them), laid out by the report PDF's renderer. The station writes the words,
// per language, as it does for the report; times are the site's local time.
import type { PersonExport } from '../../shared/api/privacy';
import type { Language } from '../../shared/domain';
import { fill } from '../evacuation/evacuation-pdf';
import { localTime, renderReportPdf } from '../reports/reports-pdf';

type Row = Record<string, unknown>;
const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));

/** Renders the bundle as a PDF in `language`, times in `timezone`. */
export function renderPersonPdf(
  bundle: PersonExport,
  language: Language,
  timezone: string,
  site: string,
): Promise<Buffer> {
  const w = PERSON_WORDS[language];
  const at = (value: unknown) => localTime(typeof value === 'string' ? value : null, timezone);
  const or = (lines: string[]) => (lines.length > 0 ? lines : [w.none]);
  const status = (value: unknown) => w.statuses[value as keyof typeof w.statuses] ?? text(value);
  const incidentKind = (value: unknown) =>
    w.incidentKinds[value as keyof typeof w.incidentKinds] ?? text(value);
  const typeName = (names: unknown) => {
    const all = (names ?? {}) as Record<string, string>;
    return all[language] ?? all.en ?? Object.values(all)[0] ?? '';
  };
  const { visitor } = bundle;

  const visits = bundle.visits.flatMap((v: Row) => {
    const line = fill(w.visitLine, {
      expected: at(v.expectedAt) || '—',
      checkedIn: at(v.checkedInAt) || '—',
      checkedOut: at(v.checkedOutAt) || '—',
      status: status(v.status),
      host: text(v.host) || '—',
      type: typeName(v.visitorType) || '—',
    });
    const answers = Object.entries((v.customFields ?? {}) as Row).map(([k, a]) => `${k}: ${text(a)}`);
    return [
      line,
      ...(v.notes ? [`   ${w.notes}: ${text(v.notes)}`] : []),
      ...(answers.length ? [`   ${w.answers}: ${answers.join('; ')}`] : []),
    ];
  });

  return renderReportPdf({
    title: fill(w.title, { name: visitor.name }),
    subtitle: fill(w.subtitle, {
      site,
      station: bundle.stationId,
      time: at(bundle.exportedAt),
    }),
    facts: [w.scope],
    charts: [],
    sections: [
      {
        heading: w.identity,
        lines: [
          `${w.name}: ${visitor.name}`,
          `${w.company}: ${visitor.company ?? '—'}`,
          `${w.email}: ${visitor.email ?? '—'}`,
          `${w.phone}: ${visitor.phone ?? '—'}`,
          `${w.photo}: ${visitor.photo ? w.photoKept : w.photoNone}`,
          `${w.recordCreated}: ${at(visitor.createdAt)}`,
          `${w.visitorId}: ${visitor.id}`,
        ],
      },
      { heading: fill(w.visits, { count: bundle.visits.length }), lines: or(visits) },
      {
        heading: fill(w.documents, { count: bundle.signedDocuments.length }),
        lines: or(
          bundle.signedDocuments.map((d: Row) =>
            fill(w.documentLine, {
              at: at(d.signedAt),
              document: text(d.key),
              version: text(d.version),
              language: text(d.language),
              method: d.method === 'typed' ? w.typed : w.drawn,
              signer: text(d.typedName) || '—',
            }),
          ),
        ),
      },
      {
        heading: fill(w.passes, { count: bundle.passes.length }),
        lines: or(
          bundle.passes.map((p: Row) =>
            fill(w.passLine, {
              kind: p.kind === 'invite' ? w.invitePass : w.visitPass,
              status: status(p.status),
              from: at(p.validFrom),
              until: at(p.validUntil),
            }),
          ),
        ),
      },
      {
        heading: fill(w.gateEvents, { count: bundle.gateEvents.length }),
        lines: or(
          bundle.gateEvents.map((g: Row) =>
            fill(w.gateLine, {
              at: at(g.occurredAt),
              direction: g.direction === 'out' ? w.out : w.in,
              outcome: g.granted ? w.granted : fill(w.refused, { reason: text(g.reason) }),
            }),
          ),
        ),
      },
      {
        heading: fill(w.incidents, { count: bundle.incidents.length }),
        lines: or(
          bundle.incidents.map((i: Row) =>
            [at(i.createdAt), incidentKind(i.kind), text(i.title), status(i.status)].join(' · '),
          ),
        ),
      },
      {
        heading: fill(w.holds, { count: bundle.legalHolds.length }),
        lines: or(
          bundle.legalHolds.map((h: Row) =>
            fill(h.releasedAt ? w.holdReleased : w.holdLine, {
              at: at(h.createdAt),
              released: at(h.releasedAt),
              reason: text(h.reason),
            }),
          ),
        ),
      },
      {
        heading: fill(w.audit, { count: bundle.auditEntries.length }),
        lines: [
          w.auditHelp,
          ...or(
            bundle.auditEntries.map((a: Row) =>
              fill(w.auditLine, {
                seq: text(a.seq),
                at: at(a.at),
                action: text(a.action),
                outcome: a.outcome === 'ok' ? w.done : w.refusedShort,
                id: text(a.id),
              }),
            ),
          ),
        ],
      },
    ],
  });
}

/** The words of the person PDF, per language (the station writes them, not the screen). */
export const PERSON_WORDS = {
  en: {
    title: 'Personal data held about {name}',
    subtitle: '{site} · station {station} · exported {time}',
    scope:
      'Everything this station holds about this person. Photos and signed PDFs stay at the station that took them.',
    none: 'None.',
    identity: 'Identity',
    name: 'Name',
    company: 'Company',
    email: 'E-mail',
    phone: 'Phone',
    photo: 'Photo',
    photoKept: 'kept at this station (in the JSON export)',
    photoNone: 'none at this station',
    recordCreated: 'Record created',
    visitorId: 'Visitor id',
    visits: 'Visits ({count})',
    visitLine: 'Expected {expected} · in {checkedIn} · out {checkedOut} · {status} · host {host} · {type}',
    notes: 'Notes',
    answers: 'Answers',
    documents: 'Documents signed ({count})',
    documentLine: '{at} · {document} version {version} ({language}) · {method} · signed as {signer}',
    typed: 'typed',
    drawn: 'drawn',
    passes: 'Passes ({count})',
    passLine: '{kind} · {status} · valid {from} – {until}',
    visitPass: 'Visit pass',
    invitePass: 'Invitation',
    gateEvents: 'Gate passages ({count})',
    gateLine: '{at} · {direction} · {outcome}',
    in: 'in',
    out: 'out',
    granted: 'let through',
    refused: 'refused ({reason})',
    incidents: 'Incidents ({count})',
    holds: 'Legal holds ({count})',
    holdLine: 'Placed {at}: {reason}',
    holdReleased: 'Placed {at}, released {released}: {reason}',
    audit: 'Audit references ({count})',
    auditHelp: 'Entries of the station’s audit log that refer to this person or their visits by id.',
    auditLine: '#{seq} · {at} · {action} · {outcome} · {id}',
    done: 'done',
    refusedShort: 'refused',
    incidentKinds: {
      manual: 'raised by staff',
      watchlist_hit: 'watchlist match',
      scan_refused: 'refused scan',
      override: 'gate override',
    },
    statuses: {
      expected: 'expected',
      pending_approval: 'awaiting approval',
      approved: 'approved',
      no_show: 'no-show',
      cancelled: 'cancelled',
      denied: 'denied',
      checked_in: 'checked in',
      checked_out: 'checked out',
      active: 'active',
      used: 'used',
      expired: 'expired',
      revoked: 'revoked',
      open: 'open',
      in_progress: 'in progress',
      closed: 'closed',
    },
  },
  es: {
    title: 'Datos personales sobre {name}',
    subtitle: '{site} · estación {station} · exportado {time}',
    scope:
      'Todo lo que esta estación guarda sobre esta persona. Las fotos y los PDF firmados quedan en la estación que los tomó.',
    none: 'Ninguno.',
    identity: 'Identidad',
    name: 'Nombre',
    company: 'Empresa',
    email: 'Correo',
    phone: 'Teléfono',
    photo: 'Foto',
    photoKept: 'guardada en esta estación (en la exportación JSON)',
    photoNone: 'ninguna en esta estación',
    recordCreated: 'Registro creado',
    visitorId: 'Id del visitante',
    visits: 'Visitas ({count})',
    visitLine:
      'Prevista {expected} · entrada {checkedIn} · salida {checkedOut} · {status} · anfitrión {host} · {type}',
    notes: 'Notas',
    answers: 'Respuestas',
    documents: 'Documentos firmados ({count})',
    documentLine: '{at} · {document} versión {version} ({language}) · {method} · firmado como {signer}',
    typed: 'escrito',
    drawn: 'dibujado',
    passes: 'Pases ({count})',
    passLine: '{kind} · {status} · válido {from} – {until}',
    visitPass: 'Pase de visita',
    invitePass: 'Invitación',
    gateEvents: 'Pasos por el torno ({count})',
    gateLine: '{at} · {direction} · {outcome}',
    in: 'entrada',
    out: 'salida',
    granted: 'permitido',
    refused: 'rechazado ({reason})',
    incidents: 'Incidentes ({count})',
    holds: 'Retenciones legales ({count})',
    holdLine: 'Aplicada {at}: {reason}',
    holdReleased: 'Aplicada {at}, levantada {released}: {reason}',
    audit: 'Referencias de auditoría ({count})',
    auditHelp:
      'Entradas del registro de auditoría de la estación que se refieren a esta persona o a sus visitas por id.',
    auditLine: '#{seq} · {at} · {action} · {outcome} · {id}',
    done: 'hecho',
    refusedShort: 'rechazado',
    incidentKinds: {
      manual: 'abierto por el personal',
      watchlist_hit: 'coincidencia en la lista de vigilancia',
      scan_refused: 'lectura rechazada',
      override: 'apertura forzada',
    },
    statuses: {
      expected: 'prevista',
      pending_approval: 'pendiente de aprobación',
      approved: 'aprobada',
      no_show: 'no se presentó',
      cancelled: 'cancelada',
      denied: 'denegada',
      checked_in: 'dentro',
      checked_out: 'salió',
      active: 'activo',
      used: 'usado',
      expired: 'caducado',
      revoked: 'revocado',
      open: 'abierto',
      in_progress: 'en curso',
      closed: 'cerrado',
    },
  },
  fr: {
    title: 'Données personnelles concernant {name}',
    subtitle: '{site} · poste {station} · exporté le {time}',
    scope:
      'Tout ce que ce poste conserve sur cette personne. Les photos et les PDF signés restent sur le poste qui les a pris.',
    none: 'Aucun.',
    identity: 'Identité',
    name: 'Nom',
    company: 'Société',
    email: 'E-mail',
    phone: 'Téléphone',
    photo: 'Photo',
    photoKept: 'conservée sur ce poste (dans l’export JSON)',
    photoNone: 'aucune sur ce poste',
    recordCreated: 'Fiche créée',
    visitorId: 'Id du visiteur',
    visits: 'Visites ({count})',
    visitLine:
      'Prévue {expected} · arrivée {checkedIn} · départ {checkedOut} · {status} · hôte {host} · {type}',
    notes: 'Notes',
    answers: 'Réponses',
    documents: 'Documents signés ({count})',
    documentLine: '{at} · {document} version {version} ({language}) · {method} · signé comme {signer}',
    typed: 'saisi',
    drawn: 'dessiné',
    passes: 'Badges ({count})',
    passLine: '{kind} · {status} · valable {from} – {until}',
    visitPass: 'Badge de visite',
    invitePass: 'Invitation',
    gateEvents: 'Passages au portique ({count})',
    gateLine: '{at} · {direction} · {outcome}',
    in: 'entrée',
    out: 'sortie',
    granted: 'autorisé',
    refused: 'refusé ({reason})',
    incidents: 'Incidents ({count})',
    holds: 'Conservations légales ({count})',
    holdLine: 'Placée le {at} : {reason}',
    holdReleased: 'Placée le {at}, levée le {released} : {reason}',
    audit: 'Références d’audit ({count})',
    auditHelp: 'Entrées du journal d’audit du poste qui désignent cette personne ou ses visites par leur id.',
    auditLine: '#{seq} · {at} · {action} · {outcome} · {id}',
    done: 'fait',
    refusedShort: 'refusé',
    incidentKinds: {
      manual: 'signalé par le personnel',
      watchlist_hit: 'correspondance sur la liste de surveillance',
      scan_refused: 'lecture refusée',
      override: 'ouverture forcée',
    },
    statuses: {
      expected: 'prévue',
      pending_approval: 'en attente d’approbation',
      approved: 'approuvée',
      no_show: 'absent',
      cancelled: 'annulée',
      denied: 'refusée',
      checked_in: 'arrivé',
      checked_out: 'parti',
      active: 'actif',
      used: 'utilisé',
      expired: 'expiré',
      revoked: 'révoqué',
      open: 'ouvert',
      in_progress: 'en cours',
      closed: 'clos',
    },
  },
  de: {
    title: 'Personenbezogene Daten zu {name}',
    subtitle: '{site} · Station {station} · exportiert {time}',
    scope:
      'Alles, was diese Station über diese Person speichert. Fotos und signierte PDFs bleiben an der Station, die sie aufgenommen hat.',
    none: 'Keine.',
    identity: 'Identität',
    name: 'Name',
    company: 'Firma',
    email: 'E-Mail',
    phone: 'Telefon',
    photo: 'Foto',
    photoKept: 'an dieser Station gespeichert (im JSON-Export)',
    photoNone: 'keines an dieser Station',
    recordCreated: 'Datensatz angelegt',
    visitorId: 'Besucher-ID',
    visits: 'Besuche ({count})',
    visitLine:
      'Erwartet {expected} · Ankunft {checkedIn} · Abgang {checkedOut} · {status} · Gastgeber {host} · {type}',
    notes: 'Notizen',
    answers: 'Antworten',
    documents: 'Unterschriebene Dokumente ({count})',
    documentLine: '{at} · {document} Version {version} ({language}) · {method} · unterschrieben als {signer}',
    typed: 'getippt',
    drawn: 'gezeichnet',
    passes: 'Ausweise ({count})',
    passLine: '{kind} · {status} · gültig {from} – {until}',
    visitPass: 'Besucherausweis',
    invitePass: 'Einladung',
    gateEvents: 'Durchgänge am Drehkreuz ({count})',
    gateLine: '{at} · {direction} · {outcome}',
    in: 'hinein',
    out: 'hinaus',
    granted: 'durchgelassen',
    refused: 'abgewiesen ({reason})',
    incidents: 'Vorfälle ({count})',
    holds: 'Rechtliche Sperren ({count})',
    holdLine: 'Gesetzt {at}: {reason}',
    holdReleased: 'Gesetzt {at}, aufgehoben {released}: {reason}',
    audit: 'Verweise im Prüfprotokoll ({count})',
    auditHelp: 'Einträge im Prüfprotokoll der Station, die diese Person oder ihre Besuche per ID nennen.',
    auditLine: '#{seq} · {at} · {action} · {outcome} · {id}',
    done: 'ausgeführt',
    refusedShort: 'abgelehnt',
    incidentKinds: {
      manual: 'vom Personal gemeldet',
      watchlist_hit: 'Treffer auf der Beobachtungsliste',
      scan_refused: 'abgelehnter Scan',
      override: 'manuelle Freigabe',
    },
    statuses: {
      expected: 'erwartet',
      pending_approval: 'wartet auf Freigabe',
      approved: 'freigegeben',
      no_show: 'nicht erschienen',
      cancelled: 'abgesagt',
      denied: 'abgelehnt',
      checked_in: 'angemeldet',
      checked_out: 'abgemeldet',
      active: 'aktiv',
      used: 'benutzt',
      expired: 'abgelaufen',
      revoked: 'widerrufen',
      open: 'offen',
      in_progress: 'in Bearbeitung',
      closed: 'geschlossen',
    },
  },
} as const satisfies Record<Language, Record<string, unknown>>;
