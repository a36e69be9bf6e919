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
    'delegation.started': {
      subject: 'Ihre Besuchsfreigaben gehen jetzt an {delegate}',
      text: '{delegate} entscheidet bis {until} über Ihre Besuchsfreigaben in {site}. Wenn Sie das nicht veranlasst haben, beenden Sie es mit dem Link unten oder rufen Sie den Empfang an.',
    },
    'delegation.received': {
      subject: '{host} bittet Sie um Vertretung bei Besuchsfreigaben',
      text: '{host} bittet Sie, bis {until} die Besuche für {host} in {site} freizugeben oder abzulehnen. Die Freigabeanfragen kommen zu Ihnen.',
    },
    'delegation.ended': {
      subject: 'Ihre Besuchsfreigaben kommen wieder zu Ihnen',
      text: 'Ab jetzt entscheiden Sie wieder selbst über Ihre Besuchsfreigaben in {site}.',
    },
  },
  approve: 'Freigeben',
  deny: 'Ablehnen',
  delegateLink:
    'Abwesend? Lassen Sie eine Kollegin oder einen Kollegen für Sie entscheiden, oder beenden Sie das',
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
  delegatePage: {
    title: 'Wer für Sie entscheidet',
    intro:
      '{host}: Während Sie abwesend sind, kann jemand aus Ihrem Team in {site} Ihre Besuche freigeben oder ablehnen.',
    current: '{delegate} entscheidet für Sie von {from} bis {until}.',
    none: 'Sie entscheiden selbst über Ihre Besuchsfreigaben.',
    emailLabel: 'Geschäftliche E-Mail-Adresse der Vertretung',
    daysLabel: 'Wie lange',
    days: '{n} Tage',
    oneDay: '1 Tag',
    submit: 'Freigaben übergeben',
    end: 'Jetzt beenden',
    started:
      'Erledigt: {delegate} entscheidet bis {until} für Sie. Sie beide erhalten eine Nachricht darüber.',
    ended: 'Erledigt: Sie entscheiden wieder selbst über Ihre Besuchsfreigaben.',
    unknownColleague:
      'In {site} gibt es niemanden mit dieser E-Mail-Adresse. Prüfen Sie die Adresse oder fragen Sie den Empfang.',
    notYourself: 'Wählen Sie eine andere Person, nicht sich selbst.',
    badInput: 'Bitte geben Sie die E-Mail-Adresse der Vertretung und die Dauer an.',
    alreadyEnded: 'Diese Vertretung ist bereits beendet.',
    expired:
      'Dieser Link ist abgelaufen. Nutzen Sie den Link einer neueren Freigabenachricht oder fragen Sie den Empfang.',
    invalid: 'Dieser Link ist ungültig.',
  },
};
