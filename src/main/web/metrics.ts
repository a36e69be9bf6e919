// The station's Prometheus /metrics: gate scan verdicts, sync lag, outbox depth, the badge print queue
// and the host-notification queue, read from the database when Prometheus scrapes (nothing to keep in
// step), plus Node's process figures. Who may read them: metricsRefusal (src/cli/ops.ts).
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { metricsRepo } from '../../db/repos/metrics';
import type { Station } from '../station';

export function stationMetrics(station: Station): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ station: station.core.stationId });
  collectDefaultMetrics({ register: registry, prefix: 'gatehouse_station_' });
  const { reader, stationId } = station.core;

  new Gauge({
    name: 'gatehouse_gate_scans',
    help: 'Gate scans this station decided, by verdict and reason (a count kept in its database).',
    labelNames: ['verdict', 'reason'],
    registers: [registry],
    collect() {
      this.reset();
      for (const row of metricsRepo.gateVerdicts(reader, stationId))
        this.set({ verdict: row.granted ? 'granted' : 'refused', reason: row.reason }, row.n);
    },
  });
  const sync = () => station.sync.details();
  new Gauge({
    name: 'gatehouse_sync_enrolled',
    help: '1 when the station is enrolled with a sync server.',
    registers: [registry],
    collect() {
      this.set(station.sync.enrolled() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'gatehouse_sync_online',
    help: '1 while the sync server answers.',
    registers: [registry],
    collect() {
      this.set(sync().online ? 1 : 0);
    },
  });
  new Gauge({
    name: 'gatehouse_sync_lag_seconds',
    help: 'Seconds since the last complete sync with the server (NaN: never synced).',
    registers: [registry],
    collect() {
      const last = sync().lastSyncAt;
      this.set(last === null ? NaN : Math.max(0, (station.core.now().getTime() - Date.parse(last)) / 1000));
    },
  });
  new Gauge({
    name: 'gatehouse_sync_behind_ops',
    help: 'Server changes this station has not pulled yet, as far as it knows (NaN: unknown).',
    registers: [registry],
    collect() {
      const d = sync();
      this.set(d.serverHeadSeq === null ? NaN : Math.max(0, d.serverHeadSeq - d.pulledSeq));
    },
  });
  new Gauge({
    name: 'gatehouse_outbox_depth',
    help: 'Local changes waiting to be pushed to the sync server.',
    registers: [registry],
    collect() {
      this.set(station.sync.status().waiting);
    },
  });
  new Gauge({
    name: 'gatehouse_sync_held_ops',
    help: 'Changes held back (not applied or not sent), quarantined ones included.',
    registers: [registry],
    collect() {
      this.set(station.sync.status().held);
    },
  });
  new Gauge({
    name: 'gatehouse_print_queue_jobs',
    help: 'Badge print jobs of this station by status (queued and failed ones wait for the desk or the printer).',
    labelNames: ['status'],
    registers: [registry],
    collect() {
      this.reset();
      for (const status of ['queued', 'printing', 'failed']) this.set({ status }, 0);
      for (const row of metricsRepo.printJobs(reader, stationId)) this.set({ status: row.status }, row.n);
    },
  });
  new Gauge({
    name: 'gatehouse_notify_queue',
    help: 'Host notifications by status (pending ones are still to be sent through the sync server).',
    labelNames: ['status'],
    registers: [registry],
    collect() {
      this.reset();
      this.set({ status: 'pending' }, 0);
      for (const row of metricsRepo.notifications(reader)) this.set({ status: row.status }, row.n);
    },
  });
  return registry;
}
