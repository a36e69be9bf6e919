// The shape of one language's notification texts. Placeholders in braces are filled by render():
// {visitor} (name, with the company in brackets when known), {location} (where they wait), {host}, {site}, {minutes}.
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
}
