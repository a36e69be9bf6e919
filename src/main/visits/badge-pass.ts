// Desk actions on the pass of a visitor on site: extend the stay, reprint the badge. A pass is signed with
// its validity inside, so both sign a new pass and revoke the old one (src/main/passes/lifecycle.ts), and
// queue a badge carrying the new QR code — the old badge stops opening doors at once.
import { deskRepo } from '../../db/repos/desk';
import { visitsRepo } from '../../db/repos/visits';
import { ApiError } from '../../shared/errors';
import type { CallContext } from '../core/context';
import { requireSite, siteDateContext } from '../core/site';
import { passesRepo, type PassRow } from '../../db/repos/passes';
import type { PassView } from '../../shared/api/passes';
import { languageSchema } from '../../shared/domain';
import { enqueueBadge } from '../hardware/print-queue';
import { dateLine, hostLine } from '../kiosk/badge-text';

/** The visit (on site, at this site) and the visit pass it is using now. */
export function onSitePass(ctx: CallContext, visitId: string): PassRow {
  const site = requireSite(ctx);
  const visit = visitsRepo.get(ctx.station.db, visitId);
  if (!visit || visit.siteId !== site.id) throw new ApiError('not_found', 'That visit does not exist.');
  if (visit.status !== 'checked_in')
    throw new ApiError('conflict', 'Only a visitor on site has a badge to extend or reprint.');
  const pass = passesRepo
    .forVisit(ctx.station.db, visitId)
    .filter((p) => p.kind === 'visit' && (p.status === 'active' || p.status === 'used'))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))[0];
  if (!pass) throw new ApiError('conflict', 'This visit has no valid pass; check the visitor in again.');
  ctx.auditDetails.visitId = visitId;
  return pass;
}

/** Queues the visitor's badge with the new pass for this station's printer, in the site's language. */
export function withBadge(ctx: CallContext, visitId: string, issued: { pass: PassView; token: string }) {
  const site = requireSite(ctx);
  const visit = deskRepo.get(ctx.station.db, visitId)!;
  const language = languageSchema.catch('en').parse(site.defaultLanguage);
  const printJobId = enqueueBadge(ctx, {
    visitId,
    badge: {
      name: visit.visitor.name,
      company: visit.visitor.company,
      hostLine: hostLine(visit.host?.name ?? null, language),
      dateLine: dateLine(ctx.now, siteDateContext(ctx.station.db, site, language)),
      typeName: visit.visitorType
        ? (visit.visitorType.names[language] ?? visit.visitorType.names.en ?? '')
        : '',
      typeColor: visit.visitorType?.color ?? '#64748b',
      siteName: site.name,
      qrText: issued.token,
    },
  });
  if (printJobId) ctx.auditDetails.printJobId = printJobId;
  ctx.emit('visit.changed', { visitId, status: visit.status });
  const { inviteCode: _code, ...summary } = visit;
  return { visit: summary, ...issued, printJobId };
}
