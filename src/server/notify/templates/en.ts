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
  },
  approve: 'Approve',
  deny: 'Deny',
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
};
