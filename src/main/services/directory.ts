import { hostsRepo, visitorTypesRepo } from '../../db/repos/directory';
import { foldForSearch } from '../../shared/text';
import { defineHandlers } from '../context';
import { requireSite } from './station';

export const directoryHandlers = defineHandlers({
  'hosts.search': (input, ctx) => {
    const site = requireSite(ctx);
    const words = foldForSearch(input.query).split(' ').filter(Boolean);
    const rows = hostsRepo.search(ctx.station.db, site.id, words, input.limit);
    return { hosts: rows.map((h) => ({ id: h.id, name: h.name, department: h.department })) };
  },

  'visitorTypes.list': (_input, ctx) => {
    const site = requireSite(ctx);
    const types = visitorTypesRepo.listActive(ctx.station.db, site.id).map((t) => ({
      id: t.id,
      names: t.names,
      color: t.color,
      photo: t.photo,
      requiresId: t.requiresId,
      requiresApproval: t.requiresApproval,
      customFields: t.customFields,
    }));
    return { types };
  },
});
