// Evacuation roll call: one action copies everyone on site into a fixed list; staff at any desk mark
// people safe (audited, live to the other screens) and print it. Works from the local database alone.
import { DateTime } from 'luxon';
import { evacuationsRepo, type EvacuationRow } from '../../db/repos/evacuations';
import { newId } from '../../shared/ids';
import type { RollCall } from '../../shared/api/evacuation';
import { ApiError } from '../../shared/errors';
import { formatDateTime, formatTime } from '../../shared/datetime';
import { defineHandlers, type CallContext } from '../core/context';
import { fill, renderRollCallPdf, ROLL_CALL_WORDS } from './evacuation-pdf';
import { requireSite, siteDateContext } from '../core/site';

function rollCallOf(ctx: CallContext, row: EvacuationRow): RollCall {
  const { db } = ctx.station;
  const people = evacuationsRepo.people(db, row.id);
  const byHost = new Map<string | null, typeof people>();
  for (const person of people) byHost.set(person.hostName, [...(byHost.get(person.hostName) ?? []), person]);
  const collator = new Intl.Collator('en', { sensitivity: 'base' });
  const groups = [...byHost.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : collator.compare(a, b)))
    .map(([hostName, list]) => ({
      hostName,
      people: list
        .sort((a, b) => collator.compare(a.name, b.name))
        .map(({ hostName: _h, ...person }) => person),
    }));
  const safe = people.filter((p) => p.safeAt).length;
  return {
    id: row.id,
    startedAt: row.startedAt,
    startedByName: evacuationsRepo.staffName(db, row.startedBy),
    endedAt: row.endedAt,
    groups,
    summary: { total: people.length, safe, unaccounted: people.length - safe },
  };
}

function requireEvacuation(ctx: CallContext, id: string, running: boolean): EvacuationRow {
  const site = requireSite(ctx);
  const row = evacuationsRepo.get(ctx.station.db, id);
  if (!row || row.siteId !== site.id) throw new ApiError('not_found', 'That roll call does not exist.');
  if (running && row.endedAt) throw new ApiError('conflict', 'That roll call has already ended.');
  return row;
}

export const evacuationHandlers = defineHandlers({
  'evacuation.start': (_input, ctx) => {
    const site = requireSite(ctx);
    const { db } = ctx.station;
    const running = evacuationsRepo.running(db, site.id);
    if (running) return rollCallOf(ctx, running);
    const row = { id: newId(), siteId: site.id, startedAt: ctx.nowIso, startedBy: ctx.caller.userId };
    evacuationsRepo.insert(db, row);
    ctx.auditDetails.evacuationId = row.id;
    ctx.auditDetails.people = evacuationsRepo.snapshotOnSite(db, row.id, site.id);
    ctx.emit('evacuation.changed', { evacuationId: row.id });
    return rollCallOf(ctx, { ...row, endedAt: null, endedBy: null });
  },

  'evacuation.current': (_input, ctx) => {
    const site = requireSite(ctx);
    const { db } = ctx.station;
    const row = evacuationsRepo.running(db, site.id) ?? evacuationsRepo.latest(db, site.id);
    return { rollCall: row ? rollCallOf(ctx, row) : null };
  },

  'evacuation.mark': (input, ctx) => {
    const row = requireEvacuation(ctx, input.evacuationId, true);
    const marked = evacuationsRepo.mark(
      ctx.station.db,
      row.id,
      input.visitId,
      input.safe ? ctx.nowIso : null,
      input.safe ? ctx.caller.userId : null,
    );
    if (!marked) throw new ApiError('not_found', 'That person is not on this roll call.');
    ctx.auditDetails.evacuationId = row.id;
    ctx.auditDetails.visitId = input.visitId;
    ctx.emit('evacuation.changed', { evacuationId: row.id });
    return rollCallOf(ctx, row);
  },

  'evacuation.end': (input, ctx) => {
    const row = requireEvacuation(ctx, input.evacuationId, true);
    evacuationsRepo.end(ctx.station.db, row.id, ctx.nowIso, ctx.caller.userId);
    ctx.auditDetails.evacuationId = row.id;
    ctx.emit('evacuation.changed', { evacuationId: row.id });
    return rollCallOf(ctx, { ...row, endedAt: ctx.nowIso, endedBy: ctx.caller.userId });
  },

  'evacuation.pdf': async (input, ctx) => {
    const site = requireSite(ctx);
    const rollCall = rollCallOf(ctx, requireEvacuation(ctx, input.evacuationId, false));
    const words = ROLL_CALL_WORDS[input.language];
    const dates = siteDateContext(ctx.station.db, site, input.language);
    const time = (iso: string | null) => (iso ? formatTime(iso, dates) : '');
    const started = DateTime.fromISO(rollCall.startedAt).setZone(site.timezone);
    const pdf = await renderRollCallPdf({
      title: words.title,
      subtitle: fill(words.subtitle, { site: site.name, time: formatDateTime(rollCall.startedAt, dates) }),
      summary: fill(words.summary, rollCall.summary),
      noHost: words.noHost,
      safeWord: words.safe,
      groups: rollCall.groups.map((g) => ({
        hostName: g.hostName,
        people: g.people.map((p) => ({
          name: p.name,
          company: p.company,
          since: fill(words.since, { time: time(p.checkedInAt) }),
          safe: Boolean(p.safeAt),
        })),
      })),
    });
    return {
      filename: `roll-call-${started.toFormat('yyyy-MM-dd-HHmm')}.pdf`,
      pdfBase64: pdf.toString('base64'),
    };
  },
});
