import type { NotifyTexts } from './types';

export const en: NotifyTexts = {
  messages: {
    'visitor.arrived': {
      subject: 'Your visitor {visitor} has arrived',
      text: '{visitor} has arrived and is waiting at {location}.',
    },
    'approval.requested': {
      subject: 'Approval needed: {visitor} is waiting',
      text: '{visitor} is waiting at {location} to visit {host}. Please approve or deny the visit.',
    },
    'approval.escalated': {
      subject: 'No answer from {host}: {visitor} is waiting',
      text: '{host} has not answered about {visitor}, who is waiting at {location}. Please approve or deny the visit.',
    },
    'visitor.checked_out': {
      subject: 'Your visitor {visitor} has left',
      text: '{visitor} has checked out at {location}.',
    },
    'watchlist.alert': {
      subject: 'Watchlist alert at {site}',
      text: 'A watchlist match was reported at {location}: {visitor}. Please attend now.',
    },
    'host.unreachable': {
      subject: 'Please call {host}',
      text: '{host} could not be notified about {visitor} ({detail}). Please call them.',
    },
    'visitor.waiting': {
      subject: '{visitor} has been waiting {minutes} minutes',
      text: '{visitor} has been waiting at {location} for {host} for {minutes} minutes. Please go and meet them, or tell reception.',
    },
    'delegation.started': {
      subject: 'Your visitor approvals now go to {delegate}',
      text: '{delegate} decides your visitor approvals at {site} until {until}. If you did not ask for this, end it with the link below or call reception.',
    },
    'delegation.received': {
      subject: '{host} asked you to decide their visitor approvals',
      text: '{host} has asked you to approve or deny their visitors at {site} until {until}. Their approval requests will come to you.',
    },
    'delegation.ended': {
      subject: 'Your visitor approvals come to you again',
      text: 'From now on you decide your visitor approvals at {site} yourself again.',
    },
  },
  approve: 'Approve',
  deny: 'Deny',
  delegateLink: 'Away? Let a colleague decide for you, or end that',
  page: {
    title: 'Visitor approval',
    confirmApprove: 'Approve this visit',
    confirmDeny: 'Deny this visit',
    reasonLabel: 'Reason (optional)',
    approved: 'Thank you: the visit is approved. The visitor is being let in.',
    denied: 'Thank you: the visit is denied. Reception will tell the visitor.',
    alreadyDecided: 'This visit has already been decided, or the link was already used.',
    expired: 'This link has expired. Please call reception.',
    invalid: 'This link is not valid.',
  },
  delegatePage: {
    title: 'Who decides for you',
    intro: '{host}: while you are away, a colleague at {site} can approve or deny your visitors for you.',
    current: '{delegate} decides for you from {from} until {until}.',
    none: 'You decide your visitor approvals yourself.',
    emailLabel: 'Your colleague’s work e-mail address',
    daysLabel: 'For how long',
    days: '{n} days',
    oneDay: '1 day',
    submit: 'Hand over my approvals',
    end: 'End now',
    started: 'Done: {delegate} decides for you until {until}. You both get a message about it.',
    ended: 'Done: you decide your visitor approvals yourself again.',
    unknownColleague:
      'There is no colleague with that e-mail address at {site}. Check the address, or ask reception.',
    notYourself: 'Choose a colleague, not yourself.',
    badInput: 'Please give your colleague’s e-mail address and how long.',
    alreadyEnded: 'That hand-over has already ended.',
    expired: 'This link has expired. Use the link in a newer approval message, or ask reception.',
    invalid: 'This link is not valid.',
  },
};
