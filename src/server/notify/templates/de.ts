import type { NotifyTexts } from './types';

export const de: NotifyTexts = {
  messages: {
    'visitor.arrived': {
      subject: 'Ihr Besuch {visitor} ist eingetroffen',
      text: '{visitor} ist eingetroffen und wartet am Standort {location}.',
    },
    'approval.requested': {
      subject: 'Freigabe nötig: {visitor} wartet',
      text: '{visitor} wartet am Standort {location} auf einen Besuch bei {host}. Bitte geben Sie den Besuch frei oder lehnen Sie ihn ab.',
    },
    'approval.escalated': {
      subject: 'Keine Antwort von {host}: {visitor} wartet',
      text: '{host} hat zu {visitor} nicht geantwortet; der Besuch wartet am Standort {location}. Bitte geben Sie den Besuch frei oder lehnen Sie ihn ab.',
    },
    'visitor.checked_out': {
      subject: 'Ihr Besuch {visitor} ist gegangen',
      text: '{visitor} hat sich am Standort {location} abgemeldet.',
    },
    'watchlist.alert': {
      subject: 'Beobachtungslisten-Alarm in {site}',
      text: 'Am Standort {location} wurde ein Treffer auf der Beobachtungsliste gemeldet: {visitor}. Bitte sofort hingehen.',
    },
    'host.unreachable': {
      subject: 'Bitte {host} anrufen',
      text: '{host} konnte zu {visitor} nicht benachrichtigt werden ({detail}). Bitte rufen Sie an.',
    },
    'visitor.waiting': {
      subject: '{visitor} wartet seit {minutes} Minuten',
      text: '{visitor} wartet seit {minutes} Minuten in {location} auf {host}. Bitte holen Sie den Besuch ab oder sagen Sie dem Empfang Bescheid.',
    },
  },
  approve: 'Freigeben',
  deny: 'Ablehnen',
  page: {
    title: 'Besuchsfreigabe',
    confirmApprove: 'Diesen Besuch freigeben',
    confirmDeny: 'Diesen Besuch ablehnen',
    reasonLabel: 'Grund (optional)',
    approved: 'Danke: Der Besuch ist freigegeben. Der Besuch wird eingelassen.',
    denied: 'Danke: Der Besuch ist abgelehnt. Der Empfang informiert den Besuch.',
    alreadyDecided: 'Über diesen Besuch wurde bereits entschieden, oder der Link wurde schon benutzt.',
    expired: 'Dieser Link ist abgelaufen. Bitte rufen Sie den Empfang an.',
    invalid: 'Dieser Link ist ungültig.',
  },
};
