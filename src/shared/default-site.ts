// What a new site starts with, wherever it is created: the demo station (src/main/demo.ts) and a site
// created at the sync server (src/server/service.ts createSite) get the same visitor types and documents.
import type { CustomFieldDef, PhotoRule } from './domain';

/** The confidentiality agreement of the default types, in every language of the station. */
export const DEFAULT_NDA = {
  titles: {
    en: 'Confidentiality agreement',
    es: 'Acuerdo de confidencialidad',
    fr: 'Accord de confidentialité',
    de: 'Vertraulichkeitsvereinbarung',
  },
  bodies: {
    en: 'I will keep confidential everything I see or hear during my visit and will not take photographs.',
    es: 'Mantendré la confidencialidad de todo lo que vea u oiga durante mi visita y no tomaré fotografías.',
    fr: 'Je garderai confidentiel tout ce que je verrai ou entendrai pendant ma visite et ne prendrai pas de photos.',
    de: 'Ich behandle alles, was ich während meines Besuchs sehe oder höre, vertraulich und fotografiere nicht.',
  },
};

/** Visitor, Contractor (photo, ID, approval, work permit), Interview, Delivery (carrier, no NDA). */
export const DEFAULT_VISITOR_TYPES: ReadonlyArray<{
  names: Record<string, string>;
  color: string;
  photo: PhotoRule;
  requiresId: boolean;
  requiresApproval: boolean;
  nda: boolean;
  customFields: CustomFieldDef[];
}> = [
  {
    names: { en: 'Visitor', es: 'Visitante', fr: 'Visiteur', de: 'Besucher' },
    color: '#2563eb',
    photo: 'optional',
    requiresId: false,
    requiresApproval: false,
    nda: true,
    customFields: [],
  },
  {
    names: { en: 'Contractor', es: 'Contratista', fr: 'Prestataire', de: 'Auftragnehmer' },
    color: '#ea580c',
    photo: 'required',
    requiresId: true,
    requiresApproval: true,
    nda: true,
    customFields: [
      {
        key: 'work_permit',
        kind: 'text',
        required: true,
        labels: {
          en: 'Work permit number',
          es: 'Número de permiso de trabajo',
          fr: 'Numéro de permis de travail',
          de: 'Arbeitserlaubnisnummer',
        },
      },
    ],
  },
  {
    names: { en: 'Interview', es: 'Entrevista', fr: 'Entretien', de: 'Vorstellungsgespräch' },
    color: '#16a34a',
    photo: 'optional',
    requiresId: false,
    requiresApproval: false,
    nda: true,
    customFields: [],
  },
  {
    names: { en: 'Delivery', es: 'Entrega', fr: 'Livraison', de: 'Lieferung' },
    color: '#9333ea',
    photo: 'none',
    requiresId: false,
    requiresApproval: false,
    nda: false,
    customFields: [
      {
        key: 'carrier',
        kind: 'choice',
        required: true,
        choices: ['DHL', 'UPS', 'FedEx', 'Other'],
        labels: { en: 'Carrier', es: 'Transportista', fr: 'Transporteur', de: 'Zusteller' },
      },
    ],
  },
];
