import type { NotifyTexts } from './types';

export const fr: NotifyTexts = {
  messages: {
    'visitor.arrived': {
      subject: 'Votre visiteur {visitor} est arrivé',
      text: '{visitor} est arrivé et vous attend à {location}.',
    },
    'approval.requested': {
      subject: 'Approbation requise : {visitor} attend',
      text: '{visitor} attend à {location} pour rendre visite à {host}. Veuillez approuver ou refuser la visite.',
    },
    'approval.escalated': {
      subject: 'Pas de réponse de {host} : {visitor} attend',
      text: "{host} n'a pas répondu au sujet de {visitor}, qui attend à {location}. Veuillez approuver ou refuser la visite.",
    },
    'visitor.checked_out': {
      subject: 'Votre visiteur {visitor} est parti',
      text: '{visitor} a enregistré sa sortie à {location}.',
    },
    'watchlist.alert': {
      subject: 'Alerte liste de surveillance à {site}',
      text: 'Une correspondance avec la liste de surveillance a été signalée à {location} : {visitor}. Veuillez intervenir.',
    },
    'host.unreachable': {
      subject: 'Veuillez appeler {host}',
      text: "{host} n'a pas pu être prévenu au sujet de {visitor} ({detail}). Veuillez l'appeler.",
    },
    'visitor.waiting': {
      subject: '{visitor} attend depuis {minutes} minutes',
      text: '{visitor} attend {host} à {location} depuis {minutes} minutes. Merci d’aller l’accueillir ou de prévenir l’accueil.',
    },
  },
  approve: 'Approuver',
  deny: 'Refuser',
  page: {
    title: 'Approbation de visite',
    confirmApprove: 'Approuver cette visite',
    confirmDeny: 'Refuser cette visite',
    reasonLabel: 'Motif (facultatif)',
    approved: 'Merci : la visite est approuvée. Le visiteur peut entrer.',
    denied: "Merci : la visite est refusée. L'accueil en informera le visiteur.",
    alreadyDecided: 'Cette visite a déjà été décidée, ou le lien a déjà servi.',
    expired: "Ce lien a expiré. Veuillez appeler l'accueil.",
    invalid: "Ce lien n'est pas valide.",
  },
};
