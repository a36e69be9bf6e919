// Approvals: the steps of a visitor type (any one approver of a step decides it), signed single-use
// approve/deny links for every approver (./links.ts), the decision through a link, which goes to the
// site's stations as a server-authored visit.status op, and escalation to reception of a step nobody
// answered in time. A delegating host's approvals go to whoever decides for them (./recipients.ts); a
// host's messages carry their delegate link (./delegations.ts).
import { newId } from '../../shared/ids';
import type { Delegations } from './delegations';
import type { NotifyDeps } from './deps';
import { checkLink, signLink, type LinkAction } from './links';
import type { Messages } from './messages';
import type { Recipient, Recipients } from './recipients';
import { render } from './render';
import { field, visitContext, type VisitContext } from './visit-context';

/** Approval steps of a visitor type: in order; any one approver of a step decides it. */
export interface VisitorTypeProfile {
  approvalSteps?: string[][];
}

export type Decision =
  | { ok: true; outcome: 'approved' | 'denied' | 'next_step'; language: string }
  | { ok: false; reason: 'invalid' | 'expired' | 'decided'; language: string };

export type LinkView =
  | { ok: true; action: LinkAction; language: string; visit: VisitContext }
  | { ok: false; reason: 'invalid' | 'expired' | 'decided'; language: string };

export class Approvals {
  constructor(
    private readonly deps: NotifyDeps,
    private readonly recipients: Recipients,
    private readonly messages: Messages,
    private readonly delegations: Delegations,
  ) {}

  /** Starts a visit's approval once (a later start does nothing); a 'closed' one sends no links. */
  async start(visit: VisitContext, status: 'pending' | 'closed' = 'pending') {
    const { store, now } = this.deps;
    const type = visit.visitorTypeId
      ? (((await store.profile('visitorType', visit.visitorTypeId)) ?? {}) as VisitorTypeProfile)
      : {};
    const steps = type.approvalSteps?.length ? type.approvalSteps : [['host']];
    const at = now().toISOString();
    const created = await store.createApproval({
      visitId: visit.visitId,
      siteId: visit.siteId,
      steps,
      step: 0,
      stepStartedAt: at,
      escalatedAt: null,
      status,
      decidedBy: null,
      reason: null,
      decidedAt: null,
      createdAt: at,
    });
    if (created && status === 'pending') await this.requestStep(visit, steps[0]!, 0, 'approval.requested');
  }

  /** The desk decided (offline, on the host's behalf) or the visitor checked in: links stop working. */
  async close(visitId: string) {
    const { store, now } = this.deps;
    const approval = await store.approval(visitId);
    if (approval?.status === 'pending')
      await store.updateApproval(visitId, { status: 'closed', decidedAt: now().toISOString() });
  }

  /** Sends approve/deny links to every approver of a step (each message its own single-use token). */
  private async requestStep(
    visit: VisitContext,
    approvers: string[],
    step: number,
    event: 'approval.requested' | 'approval.escalated',
  ) {
    const { store, options, now } = this.deps;
    for (const ref of approvers) {
      let recipients: Recipient[];
      let approver: string;
      if (ref === 'reception' || ref === 'security') {
        approver = ref;
        recipients = await this.recipients.team(visit.siteId, ref);
      } else {
        const named = ref.startsWith('host:') ? ref.slice(5) : visit.hostId;
        if (!named) continue;
        const decider = await this.recipients.deciderFor(named);
        approver = `host:${decider}`;
        recipients = await this.recipients.host(visit.siteId, decider);
        if (!recipients.some((r) => r.channel !== 'inapp')) {
          await this.messages.hostUnreachable(
            { ...visit, hostId: decider },
            'no_channel',
            'no channel with an address',
          );
        }
      }
      for (const r of recipients) {
        const tokenId = newId();
        const expiresAt = new Date(now().getTime() + (options.linkTtlMinutes ?? 24 * 60) * 60_000);
        await store.createToken({
          id: tokenId,
          visitId: visit.visitId,
          step,
          approver,
          language: r.language,
          expiresAt: expiresAt.toISOString(),
          usedAt: null,
        });
        const link = (action: LinkAction) =>
          `${options.publicUrl.replace(/\/$/, '')}/approve/${signLink(options.secret, tokenId, action, expiresAt)}`;
        // A host can hand their approvals to a colleague from any approval message (./delegations.ts).
        const delegate = approver.startsWith('host:')
          ? this.delegations.linkFor(r, approver.slice(5))
          : undefined;
        await this.messages.queue(
          `${event}:${visit.visitId}:${step}:${approver}`,
          r,
          event,
          visit.siteId,
          visit.visitId,
          render(event, r.language, visit, {}, { approve: link('approve'), deny: link('deny'), delegate }),
        );
      }
    }
  }

  /** What a link shows before anyone confirms: the visit, or why the link cannot be used. */
  async inspectLink(link: string): Promise<LinkView> {
    const { store, options, now } = this.deps;
    const check = checkLink(options.secret, link, now());
    if (!check.ok) return { ok: false, reason: check.reason, language: 'en' };
    const token = await store.token(check.id);
    if (!token) return { ok: false, reason: 'invalid', language: 'en' };
    const approval = await store.approval(token.visitId);
    if (token.usedAt || approval?.status !== 'pending' || approval.step !== token.step) {
      return { ok: false, reason: 'decided', language: token.language };
    }
    const visit = await visitContext(this.deps, token.visitId);
    if (!visit) return { ok: false, reason: 'invalid', language: token.language };
    return { ok: true, action: check.action, language: token.language, visit };
  }

  /** Decides through a link (POST only): single use, then the next step or the server-authored decision. */
  async decide(link: string, reason: string | null): Promise<Decision> {
    const { store, sync, options, now, kick } = this.deps;
    const seen = await this.inspectLink(link);
    if (!seen.ok) return seen;
    const check = checkLink(options.secret, link, now());
    if (!check.ok) return { ok: false, reason: check.reason, language: seen.language };
    const token = (await store.token(check.id))!;
    const at = now().toISOString();
    // The visit may have moved on at a station (the desk decided offline): the link is then spent.
    if (seen.visit.status !== 'pending_approval' || !(await store.useToken(token.id, at))) {
      return { ok: false, reason: 'decided', language: token.language };
    }
    const approval = (await store.approval(token.visitId))!;
    const deciderName = token.approver.startsWith('host:')
      ? (field(await store.entity('host', token.approver.slice(5)), 'name') ?? token.approver)
      : token.approver;
    if (check.action === 'approve' && approval.step + 1 < approval.steps.length) {
      const step = approval.step + 1;
      await store.updateApproval(approval.visitId, { step, stepStartedAt: at, escalatedAt: null });
      await this.requestStep(seen.visit, approval.steps[step]!, step, 'approval.requested');
      kick();
      return { ok: true, outcome: 'next_step', language: token.language };
    }
    const status = check.action === 'approve' ? 'approved' : 'denied';
    await store.updateApproval(approval.visitId, {
      status,
      decidedBy: token.approver,
      reason,
      decidedAt: at,
    });
    await sync.authorAs([
      {
        type: 'visit.status',
        entityId: approval.visitId,
        siteId: approval.siteId,
        payload: {
          status,
          decidedBy: deciderName,
          decidedByRef: token.approver,
          decisionReason: reason,
          decidedVia: 'link',
        },
      },
    ]);
    return { ok: true, outcome: status, language: token.language };
  }

  /** A step nobody answered within the site's time goes to reception as well (once per step). */
  async escalate(): Promise<void> {
    const { store, now } = this.deps;
    const at = now();
    for (const approval of await store.pendingApprovals()) {
      if (approval.escalatedAt) continue;
      const minutes = (await this.recipients.siteProfile(approval.siteId)).escalateAfterMinutes ?? 10;
      if (at.getTime() - Date.parse(approval.stepStartedAt) < minutes * 60_000) continue;
      await store.updateApproval(approval.visitId, { escalatedAt: at.toISOString() });
      const visit = await visitContext(this.deps, approval.visitId);
      if (visit?.status === 'pending_approval')
        await this.requestStep(visit, ['reception'], approval.step, 'approval.escalated');
    }
  }
}
