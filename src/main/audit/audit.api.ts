import { auditRepo } from '../../db/repos/audit';
import { staffRepo } from '../../db/repos/directory';
import type { Db } from '../../db/open';
import { verifyChain } from '../core/audit';
import { defineHandlers } from '../core/context';

export const auditHandlers = defineHandlers({
  'audit.verify': (_input, ctx) => verifyChain(ctx.station.db),

  'audit.list': (input, ctx) => {
    const { beforeSeq, limit, from, until, ...filter } = input;
    // Entries store UTC ISO times: a bound with an offset is compared in UTC too.
    const utc = (time: string | undefined) => (time ? new Date(time).toISOString() : undefined);
    const rows = auditRepo.page(ctx.station.db, beforeSeq, limit, {
      ...filter,
      from: utc(from),
      until: utc(until),
    });
    const names = staffNames(ctx.station.db);
    const entries = rows.map(({ prevHash: _p, hash: _h, stationId: _s, ...entry }) => {
      // A sign-in, refused or not, is shown under the account it was for (refused ones keep no actor).
      const actorId =
        entry.actorId ?? (entry.action === 'session.signIn' ? signInAccount(entry.details) : null);
      return { ...entry, actorName: actorId ? (names.get(actorId) ?? null) : null };
    });
    const last = rows.at(-1);
    return { entries, nextBeforeSeq: rows.length === input.limit && last ? last.seq : null };
  },
});

const signInAccount = (details: Record<string, unknown>) =>
  typeof details.userId === 'string' ? details.userId : null;

const staffNames = (db: Db) => new Map(staffRepo.list(db).map((u) => [u.id, u.name]));
