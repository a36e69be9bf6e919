import { hostsRepo, visitorTypesRepo, type VisitorTypeRow } from '../../db/repos/directory';
import { foldForSearch } from '../../shared/text';
import { defineHandlers } from '../core/context';
import { requireSite } from '../core/site';

export const directoryHandlers = defineHandlers({
  'hosts.search': (input, ctx) => {
    const site = requireSite(ctx);
    const words = foldForSearch(input.query).split(' ').filter(Boolean);
    const rows = hostsRepo.search(ctx.station.db, site.id, words, input.limit);
    return { hosts: rows.map((h) => ({ id: h.id, name: h.name, department: h.department })) };
  },

  'visitorTypes.list': (_input, ctx) => {
    const site = requireSite(ctx);
    return { types: visitorTypesRepo.listActive(ctx.station.db, site.id).map(visitorTypeView) };
  },
});

/** A visitor type as every screen sees it: names, colour, rules and custom fields. */
export const visitorTypeView = (t: VisitorTypeRow) => ({
  id: t.id,
  names: t.names,
  color: t.color,
  photo: t.photo,
  requiresId: t.requiresId,
  requiresApproval: t.requiresApproval,
  customFields: t.customFields,
});
