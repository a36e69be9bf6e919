// notify.*: the bell, host flags and host self-service delegation at the desk. The notifications live on
// the sync server; these handlers read them through the station's credential and show each caller only
// their own (a host: messages to them; security: theirs; reception: the rest of the site's; admins: all). The server
// changes nothing locally; the two that change server state are writes with an effect (`effect: true`):
// the server is asked first, and once it said yes the call's one write records the audit entry.
import { stationsRepo } from '../../db/repos/sites';
import { DELEGATION_REFUSAL, DELEGATION_VOUCHERS } from '../../shared/authorship';
import { hostsRepo } from '../../db/repos/directory';
import { deskRepo } from '../../db/repos/desk';
import type { InboxView } from '../../shared/api/notify';
import { ApiError } from '../../shared/errors';
import { defineHandlers, type CallContext } from '../core/context';
import {
  NOTIFY_ROUTES,
  notifyDelegationResponseSchema,
  notifyHostFlagsResponseSchema,
  notifyInboxResponseSchema,
  notifyOkResponseSchema,
  type NotifyDelegationRequest,
} from '../../shared/notify';
import { hasNotifyServer, notifyRequest } from './notify-client';

const ownHostId = (ctx: CallContext) =>
  ctx.caller.userId ? deskRepo.hostIdOfStaff(ctx.station.db, ctx.caller.userId) : null;

/** Which in-app addresses a caller reads. */
function mayRead(ctx: CallContext, to: string): boolean {
  switch (ctx.caller.role) {
    case 'host': {
      const hostId = ownHostId(ctx);
      return hostId !== null && to === `host:${hostId}`;
    }
    case 'security':
      return to === 'security';
    case 'reception':
      return to !== 'security'; // security alerts stay with security, as at the station
    default:
      return true; // admins see the site's
  }
}

async function inbox(ctx: CallContext): Promise<InboxView & { all: Set<string> }> {
  if (!hasNotifyServer(ctx.station)) return { available: false, unread: 0, items: [], all: new Set() };
  const { items } = await notifyRequest(ctx.station, NOTIFY_ROUTES.inbox, notifyInboxResponseSchema);
  const mine = items.filter((i) => mayRead(ctx, i.to)).map(({ to: _to, ...item }) => item);
  return {
    available: true,
    unread: mine.filter((i) => !i.readAt).length,
    items: mine,
    all: new Set(mine.map((i) => i.id)),
  };
}

const hostName = (ctx: CallContext, id: string) => hostsRepo.get(ctx.station.db, id)?.name ?? id;

export const notifyHandlers = defineHandlers({
  'notify.inbox': async (_input, ctx) => {
    const { all: _all, ...view } = await inbox(ctx);
    return view;
  },

  'notify.markRead': async (input, ctx) => {
    const before = await inbox(ctx);
    if (!before.all.has(input.id))
      throw new ApiError('not_found', 'There is no such notification for you.', {
        id: { code: 'invalid_value', message: 'Not one of your notifications.' },
      });
    await notifyRequest(ctx.station, NOTIFY_ROUTES.markRead(input.id), notifyOkResponseSchema, {});
    ctx.write((w) => void (w.auditDetails.notificationId = input.id));
    const { all: _all, ...after } = await inbox(ctx);
    return after;
  },

  'notify.hostFlags': async (_input, ctx) => {
    if (!hasNotifyServer(ctx.station)) return { available: false, flags: [] };
    const { flags } = await notifyRequest(
      ctx.station,
      NOTIFY_ROUTES.hostFlags,
      notifyHostFlagsResponseSchema,
    );
    return {
      available: true,
      flags: flags.map((f) => ({ ...f, hostName: hostName(ctx, f.hostId) })),
    };
  },

  'notify.delegate': async (input, ctx) => {
    const hostId = ownHostId(ctx);
    if (!hostId) throw new ApiError('forbidden', 'Only a signed-in host can delegate their approvals.');
    const stationKind = stationsRepo.get(ctx.station.db, ctx.station.stationId)?.kind;
    if (stationKind && !DELEGATION_VOUCHERS.includes(stationKind))
      throw new ApiError('forbidden', DELEGATION_REFUSAL);
    if (input.delegateHostId === hostId)
      throw new ApiError('invalid_input', 'A host cannot delegate to themselves.', {
        delegateHostId: { code: 'invalid_value', message: 'Choose a colleague, not yourself.' },
      });
    if (!hostsRepo.get(ctx.station.db, input.delegateHostId))
      throw new ApiError('invalid_input', 'There is no such colleague at this site.', {
        delegateHostId: { code: 'invalid_value', message: 'Not a host of this site.' },
      });
    const request: NotifyDelegationRequest = {
      hostId,
      delegateHostId: input.delegateHostId,
      from: input.from,
      until: input.until,
    };
    const created = await notifyRequest(
      ctx.station,
      NOTIFY_ROUTES.delegations,
      notifyDelegationResponseSchema,
      request,
    );
    ctx.write((w) =>
      Object.assign(w.auditDetails, {
        delegationId: created.id,
        hostId,
        delegateHostId: created.delegateHostId,
        fromAt: created.fromAt,
        untilAt: created.untilAt,
      }),
    );
    return { ...created, delegateName: hostName(ctx, created.delegateHostId) };
  },
});
