import { auditRepo } from '../../db/repos/audit';
import { staffRepo } from '../../db/repos/directory';
import type { Db } from '../../db/open';
import { verifyChain } from '../audit';
import { defineHandlers } from '../context';

export const auditHandlers = defineHandlers({
  'audit.verify': (_input, ctx) => verifyChain(ctx.station.db),

  'audit.list': (input, ctx) => {
    const { beforeSeq, limit, ...filter } = input;
    const rows = auditRepo.page(ctx.station.db, beforeSeq, limit, filter);
    const names = staffNames(ctx.station.db);
    const entries = rows.map(({ prevHash: _p, hash: _h, stationId: _s, ...entry }) => ({
      ...entry,
      actorName: entry.actorId ? (names.get(entry.actorId) ?? null) : null,
    }));
    const last = rows.at(-1);
    return { entries, nextBeforeSeq: rows.length === input.limit && last ? last.seq : null };
  },
});

const staffNames = (db: Db) => new Map(staffRepo.list(db).map((u) => [u.id, u.name]));
