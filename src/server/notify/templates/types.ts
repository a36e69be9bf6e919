// The shape of one language's notification texts. Placeholders in braces are filled by render():
// {visitor} (name, with the company in brackets when known), {location} (where they wait), {host}, {site}, {minutes};
// in delegation messages {delegate} (who decides for {host}) and {until}.
export const NOTIFY_LANGUAGES = ['en', 'es', 'fr', 'de'] as const;
export type NotifyLanguage = (typeof NOTIFY_LANGUAGES)[number];

/** Events that become messages to people (webhooks carry JSON instead). */
export const MESSAGE_EVENTS = [
  'visitor.arrived',
  'approval.requested',
  'approval.escalated',
  'visitor.checked_out',
  'watchlist.alert',
  'host.unreachable',
  'visitor.waiting',
  'delegation.started',
  'delegation.received',
  'delegation.ended',
] as const;
export type MessageEvent = (typeof MESSAGE_EVENTS)[number];

export interface MessageTemplate {
  subject: string;
  /** The body; the approve/deny links follow it in approval messages. */
  text: string;
}

export interface NotifyTexts {
  messages: Record<MessageEvent, MessageTemplate>;
  approve: string;
  deny: string;
  /** Before the host's delegate link in approval and delegation messages. */
  delegateLink: string;
  /** The approval page (served by the sync server when a link is opened). */
  page: {
    title: string;
    confirmApprove: string;
    confirmDeny: string;
    reasonLabel: string;
    approved: string;
    denied: string;
    alreadyDecided: string;
    expired: string;
    invalid: string;
  };
  /** The page a host's delegate link opens: who decides their approvals while they are away. */
  delegatePage: {
    title: string;
    /** {host}, {site} */
    intro: string;
    /** {delegate}, {from}, {until} */
    current: string;
    none: string;
    emailLabel: string;
    daysLabel: string;
    /** {n} */
    days: string;
    oneDay: string;
    submit: string;
    end: string;
    /** {delegate}, {until} */
    started: string;
    ended: string;
    /** {site} */
    unknownColleague: string;
    notYourself: string;
    badInput: string;
    alreadyEnded: string;
    expired: string;
    invalid: string;
  };
}
