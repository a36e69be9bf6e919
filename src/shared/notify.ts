// The notification protocol between a station and the sync server: the routes a station calls with its
// sync credential (the bell's inbox, marking one read, host flags, a host delegating their approvals),
// with the schema of each request and answer. The server checks requests and shapes answers with these;
// the station builds requests and checks answers with the same ones.
import { z } from 'zod';

export const NOTIFY_ROUTES = {
  inbox: '/notify/inbox',
  markRead: (id: string) => `/notify/inbox/${encodeURIComponent(id)}/read`,
  hostFlags: '/notify/host-flags',
  delegations: '/notify/delegations',
} as const;

/** Why reception should call a host: no channel with an address, or a channel whose messages fail. */
export const HOST_FLAG_REASONS = ['no_channel', 'channel_failing'] as const;
export type HostFlagReason = (typeof HOST_FLAG_REASONS)[number];

/** GET /notify/inbox: the site's in-app notifications, newest first. */
export const notifyInboxResponseSchema = z.object({
  unread: z.number().int().nonnegative(),
  items: z.array(
    z.object({
      id: z.string(),
      event: z.string(),
      /** 'host:<id>', 'reception' or 'security'. */
      to: z.string(),
      visitId: z.string().nullable(),
      hostId: z.string().nullable(),
      subject: z.string(),
      text: z.string(),
      createdAt: z.string(),
      readAt: z.string().nullable(),
    }),
  ),
});
export type NotifyInboxResponse = z.output<typeof notifyInboxResponseSchema>;

/** POST /notify/inbox/:id/read (no body). */
export const notifyOkResponseSchema = z.object({ ok: z.literal(true) });

/** GET /notify/host-flags: the hosts of the station's site reception should call. */
export const notifyHostFlagsResponseSchema = z.object({
  flags: z.array(
    z.object({
      hostId: z.string(),
      reason: z.enum(HOST_FLAG_REASONS),
      detail: z.string().nullable(),
      at: z.string(),
    }),
  ),
});
export type NotifyHostFlagsResponse = z.output<typeof notifyHostFlagsResponseSchema>;

/** A delegation's period: ISO date-times with an offset, the end after the start. */
export const delegationPeriod = {
  from: z.iso.datetime({ offset: true }),
  until: z.iso.datetime({ offset: true }),
};
export const untilAfterFrom = (d: { from: string; until: string }) =>
  Date.parse(d.until) > Date.parse(d.from);

/**
 * POST /notify/delegations (a station, for its signed-in host) and POST /admin/notify/delegations: a
 * host's approvals go to a colleague for a period.
 */
export const notifyDelegationRequestSchema = z
  .strictObject({
    hostId: z.string().min(1),
    delegateHostId: z.string().min(1),
    ...delegationPeriod,
  })
  .refine(untilAfterFrom, { message: 'until must be after from', path: ['until'] })
  .refine((d) => d.hostId !== d.delegateHostId, 'a host cannot delegate to themselves');
export type NotifyDelegationRequest = z.input<typeof notifyDelegationRequestSchema>;

/** The delegation as stored (201 answer to a delegation request). */
export const notifyDelegationResponseSchema = z.object({
  id: z.string(),
  hostId: z.string(),
  delegateHostId: z.string(),
  fromAt: z.string(),
  untilAt: z.string(),
  createdAt: z.string(),
});
export type NotifyDelegationResponse = z.output<typeof notifyDelegationResponseSchema>;
