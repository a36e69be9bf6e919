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
    'delegation.started': {
      subject: 'Vos approbations de visites vont maintenant à {delegate}',
      text: '{delegate} décide de vos approbations de visites à {site} jusqu’au {until}. Si vous ne l’avez pas demandé, mettez-y fin avec le lien ci-dessous ou appelez l’accueil.',
    },
    'delegation.received': {
      subject: '{host} vous demande de décider de ses visites',
      text: '{host} vous demande d’approuver ou de refuser ses visiteurs à {site} jusqu’au {until}. Ses demandes d’approbation vous parviendront.',
    },
    'delegation.ended': {
      subject: 'Vos approbations de visites vous reviennent',
      text: 'Désormais, vous décidez de nouveau vous-même de vos approbations de visites à {site}.',
    },
  },
  approve: 'Approuver',
  deny: 'Refuser',
  delegateLink: 'Absent ? Laissez un collègue décider pour vous, ou mettez-y fin',
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
  delegatePage: {
    title: 'Qui décide pour vous',
    intro: '{host} : pendant votre absence, un collègue de {site} peut approuver ou refuser vos visiteurs.',
    current: '{delegate} décide pour vous du {from} au {until}.',
    none: 'Vous décidez vous-même de vos approbations de visites.',
    emailLabel: 'Adresse e-mail professionnelle de votre collègue',
    daysLabel: 'Pour combien de temps',
    days: '{n} jours',
    oneDay: '1 jour',
    submit: 'Confier mes approbations',
    end: 'Terminer maintenant',
    started: 'C’est fait : {delegate} décide pour vous jusqu’au {until}. Vous recevez tous deux un message.',
    ended: 'C’est fait : vous décidez de nouveau vous-même de vos approbations de visites.',
    unknownColleague:
      'Aucun collègue de {site} n’a cette adresse e-mail. Vérifiez l’adresse ou demandez à l’accueil.',
    notYourself: 'Choisissez un collègue, pas vous-même.',
    badInput: 'Indiquez l’adresse e-mail de votre collègue et la durée.',
    alreadyEnded: 'Cette délégation est déjà terminée.',
    expired:
      'Ce lien a expiré. Utilisez le lien d’un message d’approbation plus récent, ou demandez à l’accueil.',
    invalid: 'Ce lien n’est pas valide.',
  },
};
