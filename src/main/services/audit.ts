import { auditRepo } from '../../db/repos/audit';
import { verifyChain } from '../audit';
import { defineHandlers } from '../context';

export const auditHandlers = defineHandlers({
  'audit.verify': (_input, ctx) => verifyChain(ctx.station.db),

  'audit.list': (input, ctx) => {
    const rows = auditRepo.page(ctx.station.db, input.beforeSeq, input.limit);
    const entries = rows.map(({ prevHash: _p, hash: _h, stationId: _s, ...entry }) => entry);
    const last = rows.at(-1);
    return { entries, nextBeforeSeq: rows.length === input.limit && last ? last.seq : null };
  },
});
