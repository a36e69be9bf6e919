// The sync server's Prometheus /metrics (docs/operations.md). Two kinds of figure:
// - read from the database when Prometheus scrapes, so every instance on one PostgreSQL database reports
//   the same: the head sequence, the fleet (per station: online, outbox depth and sync lag from its last
//   health report), the notification queue, and each site's gate scan verdicts;
// - counted by this process since it started (reset by a restart, one series per instance): sync pushes
//   and pulls with their latency and outcome, and what the server answered for each pushed op.
// Labels carry ids and fixed words only, never a name or anything a person typed. Access: src/cli/ops.ts.
import { collectDefaultMetrics, Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { GATE_REFUSAL_REASONS } from '../shared/api/gate';
import { SyncError, type PushResponse } from '../shared/sync';
import type { NotifyStore } from './notify/store';
import type { SyncService } from './service';
import type { SyncStore } from './store';

/**
 * The reasons a gate records (a refusal, `ok`, or an exit with no entry on record). Anything else, which
 * only a tampered station could send, is counted as `other`: a label value per made-up reason would let
 * one leaked credential grow the scrape without bound.
 */
const GATE_REASONS = new Set<string>([...GATE_REFUSAL_REASONS, 'ok', 'exit_without_entry']);

/** The per-process sync figures; made first, since the sync routes use them. */
export function syncFigures(registry: Registry) {
  const requests = new Histogram({
    name: 'gatehouse_sync_request_duration_seconds',
    help: 'Sync pushes and pulls handled by this instance: how long each took, by route and outcome (ok or the error code).',
    labelNames: ['route', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const answers = new Counter({
    name: 'gatehouse_sync_op_answers_total',
    help: 'Pushed ops this instance answered: acked (applied, or a re-sent op acked again), held (kept for a newer server) or rejected (with the reason).',
    labelNames: ['outcome', 'reason'],
    registers: [registry],
  });
  return {
    /** Runs one push or pull and records its time and outcome. */
    async timed<T>(route: 'push' | 'pull', run: () => Promise<T>): Promise<T> {
      const end = requests.startTimer({ route });
      try {
        const result = await run();
        end({ outcome: 'ok' });
        return result;
      } catch (error) {
        end({ outcome: error instanceof SyncError ? error.code : 'internal' });
        throw error;
      }
    },
    /** Counts the answer to each op of a push. */
    answered(response: PushResponse) {
      const held = response.acks.filter((a) => a.held).length;
      answers.inc({ outcome: 'acked' }, response.acks.length - held);
      answers.inc({ outcome: 'held' }, held);
      for (const r of response.rejected) answers.inc({ outcome: 'rejected', reason: r.reason });
    },
  };
}

export function serverMetrics(options: {
  registry: Registry;
  store: SyncStore;
  service: SyncService;
  notifyStore?: NotifyStore;
  connected: () => Set<string>;
  now: () => Date;
}): Registry {
  const { registry } = options;
  collectDefaultMetrics({ register: registry, prefix: 'gatehouse_server_' });
  new Gauge({
    name: 'gatehouse_site_gate_scans',
    help: 'Gate scans decided at each site and synced here, by verdict (granted or refused) and reason; an override is granted with the refusal reason.',
    labelNames: ['site', 'verdict', 'reason'],
    registers: [registry],
    async collect() {
      this.reset();
      const counts = new Map<string, { site: string; verdict: string; reason: string; n: number }>();
      for (const row of await options.store.gateVerdicts()) {
        const labels = {
          site: row.siteId,
          verdict: row.granted ? 'granted' : 'refused',
          reason: GATE_REASONS.has(row.reason) ? row.reason : 'other',
        };
        const key = JSON.stringify(labels);
        counts.set(key, { ...labels, n: (counts.get(key)?.n ?? 0) + row.n });
      }
      for (const { n, ...labels } of counts.values()) this.set(labels, n);
    },
  });
  new Gauge({
    name: 'gatehouse_server_head_seq',
    help: 'The newest change sequence number on the server.',
    registers: [registry],
    async collect() {
      this.set(await options.store.headSeq());
    },
  });
  const labelNames = ['station', 'site', 'role'] as const;
  // The fleet gauges come from one fleet read per scrape: prom-client collects every metric at
  // once, so each awaits the same read.
  let reading: Promise<void> | null = null;
  const readFleet = () =>
    (reading ??= (async () => {
      for (const gauge of [online, outbox, printQueue, lag]) gauge.reset();
      const now = options.now().getTime();
      for (const s of await options.service.fleet(options.connected())) {
        if (s.revokedAt) continue;
        const labels = { station: s.id, site: s.siteId, role: s.role };
        online.set(labels, s.online ? 1 : 0);
        if (s.health) outbox.set(labels, s.health.health.outboxDepth);
        for (const [status, n] of Object.entries(s.health?.health.printQueue ?? {}))
          printQueue.set({ ...labels, status }, n);
        if (s.lastSeenAt !== null) lag.set(labels, Math.max(0, (now - Date.parse(s.lastSeenAt)) / 1000));
      }
    })().finally(() => (reading = null)));
  const online = new Gauge({
    name: 'gatehouse_station_online',
    help: '1 when a station is connected or synced lately (revoked stations are left out).',
    labelNames,
    registers: [registry],
    collect: readFleet,
  });
  const outbox = new Gauge({
    name: 'gatehouse_station_outbox_depth',
    help: 'Changes a station had not pushed yet, as of its last health report.',
    labelNames,
    registers: [registry],
    collect: readFleet,
  });
  const printQueue = new Gauge({
    name: 'gatehouse_station_print_queue_jobs',
    help: 'Badge print jobs waiting at a station by status (queued, printing, failed), as of its last health report.',
    labelNames: [...labelNames, 'status'],
    registers: [registry],
    collect: readFleet,
  });
  const lag = new Gauge({
    name: 'gatehouse_station_sync_lag_seconds',
    help: 'Seconds since a station last synced with this server (absent: never synced).',
    labelNames,
    registers: [registry],
    collect: readFleet,
  });
  if (options.notifyStore) {
    const store = options.notifyStore;
    new Gauge({
      name: 'gatehouse_notify_queue',
      help: 'Host notification messages by status (queued: to send or retry; dead: gave up, see the console).',
      labelNames: ['status'],
      registers: [registry],
      async collect() {
        for (const status of ['queued', 'sending', 'dead'] as const)
          this.set({ status }, (await store.messages({ status, limit: 100_000 })).length);
      },
    });
  }
  return registry;
}
