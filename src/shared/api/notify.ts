// The desk's view of the sync server's notifications: the in-app inbox (the bell), hosts reception must
// call (host flags), and a host delegating their approvals. The data lives on the server; the station
// fetches it with its sync credential and shows each caller only what is theirs.
import { z } from 'zod';
import { method } from '../contract';
import { delegationPeriod, HOST_FLAG_REASONS, untilAfterFrom } from '../notify';

export const inboxItemSchema = z.object({
  id: z.string(),
  event: z.string(),
  subject: z.string(),
  text: z.string(),
  visitId: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type InboxItem = z.infer<typeof inboxItemSchema>;

export const inboxSchema = z.object({
  /** False when the station has no sync server (notifications need it). */
  available: z.boolean(),
  unread: z.number().int().nonnegative(),
  items: z.array(inboxItemSchema),
});
export type InboxView = z.infer<typeof inboxSchema>;

export const hostFlagSchema = z.object({
  hostId: z.string(),
  hostName: z.string(),
  reason: z.enum(HOST_FLAG_REASONS),
  detail: z.string().nullable(),
  at: z.string(),
});
export type HostFlagView = z.infer<typeof hostFlagSchema>;

const INBOX_ROLES = ['admin', 'reception', 'security', 'host'] as const;

export const notifyMethods = {
  'notify.inbox': method({
    summary:
      "In-app notifications from the sync server for the bell: a host's own, security's, reception's (all but security's), or all for admins.",
    roles: INBOX_ROLES,
    writes: false,
    input: z.object({}),
    output: inboxSchema,
  }),
  'notify.markRead': method({
    summary: 'Marks one of the caller’s in-app notifications read at the sync server (audited).',
    roles: INBOX_ROLES,
    // Changes state at the sync server, then records its audit entry (the station's data is unchanged).
    writes: true,
    effect: true,
    auditInput: false,
    input: z.object({ id: z.string().min(1).max(64) }),
    output: inboxSchema,
  }),
  'notify.hostFlags': method({
    summary: 'Hosts without a working notification channel, whom reception should call.',
    roles: ['admin', 'reception'],
    writes: false,
    input: z.object({}),
    output: z.object({ available: z.boolean(), flags: z.array(hostFlagSchema) }),
  }),
  'notify.delegate': method({
    summary:
      'A signed-in host sends their approvals to a colleague for a period, through the sync server (audited).',
    roles: ['host'],
    // Changes state at the sync server, then records its audit entry (the station's data is unchanged).
    writes: true,
    effect: true,
    auditInput: false,
    input: z
      .object({
        delegateHostId: z.string().min(1).max(64),
        ...delegationPeriod,
      })
      .refine(untilAfterFrom, {
        message: 'The end must be after the start.',
        path: ['until'],
      }),
    output: z.object({
      id: z.string(),
      delegateHostId: z.string(),
      delegateName: z.string(),
      fromAt: z.string(),
      untilAt: z.string(),
    }),
  }),
};
