// The sync server's Prometheus /metrics: its head sequence, the fleet (per station: outbox depth and sync
// lag from its last health report, online or not) and the notification queue, read when Prometheus
// scrapes. Scan verdicts and print queues are each station's own /metrics. Access: src/cli/ops.ts.
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { NotifyStore } from './notify/store';
import type { SyncService } from './service';
import type { SyncStore } from './store';

export function serverMetrics(options: {
  store: SyncStore;
  service: SyncService;
  notifyStore?: NotifyStore;
  connected: () => Set<string>;
  now: () => Date;
}): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'gatehouse_server_' });
  new Gauge({
    name: 'gatehouse_server_head_seq',
    help: 'The newest change sequence number on the server.',
    registers: [registry],
    async collect() {
      this.set(await options.store.headSeq());
    },
  });
  const labelNames = ['station', 'site', 'role'] as const;
  // The three fleet gauges come from one fleet read per scrape: prom-client collects every metric at
  // once, so each awaits the same read.
  let reading: Promise<void> | null = null;
  const readFleet = () =>
    (reading ??= (async () => {
      for (const gauge of [online, outbox, lag]) gauge.reset();
      const now = options.now().getTime();
      for (const s of await options.service.fleet(options.connected())) {
        if (s.revokedAt) continue;
        const labels = { station: s.id, site: s.siteId, role: s.role };
        online.set(labels, s.online ? 1 : 0);
        if (s.health) outbox.set(labels, s.health.health.outboxDepth);
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
