// The fleet view: every enrolled station with whether it is online, what it last reported about itself
// (src/shared/sync.ts stationHealthSchema) and what an administrator should look at. Pure: the admin route,
// the CLI and the console all show the same judgement.
import {
  CLOCK_SKEW_ALERT_MS,
  type PendingUpdate,
  type SiteInfo,
  type StationHealth,
  type UpdateWait,
} from '../shared/sync';
import type { HealthEntry, StationOverview } from './store';

/** A station that has not synced for this long is "quiet": it may be off, unplugged or cut off. */
export const QUIET_AFTER_MS = 10 * 60_000;
/** Ops waiting this long in a station's outbox while it is online means it cannot push them. */
export const OUTBOX_ALERT_DEPTH = 500;

export type FleetAlertCode =
  | 'quiet'
  | 'never_seen'
  | 'device_disconnected'
  | 'printer_problem'
  | 'held_ops'
  | 'outbox_backlog'
  | 'clock_skew'
  | 'audit_chain'
  | 'update_rolled_back';

export interface FleetAlert {
  code: FleetAlertCode;
  /** One plain sentence for the administrator (English: the CLI and the admin API). */
  message: string;
  /**
   * The figures of that sentence, so a page can say it in its own language (the console's keys
   * alertDetail.<code>; clock_skew's `way` and device_disconnected's `error` pick a variant).
   */
  params: Record<string, string | number>;
  /** The device concerned, for device alerts. */
  deviceId?: string;
}

export interface FleetStation extends StationOverview {
  /** Connected to the server's nudge socket now, or synced within QUIET_AFTER_MS. */
  online: boolean;
  /** Seconds since the station process started, as of its last report. */
  uptimeSeconds: number | null;
  alerts: FleetAlert[];
}

const PROBLEM_WORDS = {
  no_media: 'is out of labels',
  cover_open: 'has its cover open',
  paused: 'is paused',
  error: 'reports an error',
} as const;

const minutes = (ms: number) => Math.round(ms / 60_000);

/** What an administrator should look at on one station. Revoked stations raise nothing. */
export function stationAlerts(station: StationOverview, now: Date, connected: boolean): FleetAlert[] {
  if (station.revokedAt) return [];
  const alerts: FleetAlert[] = [];
  if (station.auditProblem)
    alerts.push({
      code: 'audit_chain',
      message: station.auditProblem.message,
      params: { at: station.auditProblem.at },
    });
  if (station.lastSeenAt === null) {
    alerts.push({ code: 'never_seen', message: 'Enrolled but has never synced.', params: {} });
  } else if (!connected && now.getTime() - Date.parse(station.lastSeenAt) > QUIET_AFTER_MS) {
    const quiet = minutes(now.getTime() - Date.parse(station.lastSeenAt));
    alerts.push({
      code: 'quiet',
      message: `Has not synced for ${quiet} minutes.`,
      params: { minutes: quiet },
    });
  }
  const health = station.health?.health;
  if (!health) return alerts;
  for (const device of health.devices) {
    if (device.problem) {
      alerts.push({
        code: 'printer_problem',
        message: `${device.name} ${PROBLEM_WORDS[device.problem]}.`,
        params: { device: device.name, problem: device.problem },
        deviceId: device.id,
      });
    } else if (device.connected === false) {
      alerts.push({
        code: 'device_disconnected',
        message: `${device.name} is not connected${device.lastError ? `: ${device.lastError}` : '.'}`,
        params: { device: device.name, ...(device.lastError ? { error: device.lastError } : {}) },
        deviceId: device.id,
      });
    }
  }
  if (health.held > 0)
    alerts.push({
      code: 'held_ops',
      message: `${health.held} changes are held (${health.quarantined} quarantined); see its sync details.`,
      params: { held: health.held, quarantined: health.quarantined },
    });
  if (health.outboxDepth >= OUTBOX_ALERT_DEPTH)
    alerts.push({
      code: 'outbox_backlog',
      message: `${health.outboxDepth} changes are waiting to be sent.`,
      params: { depth: health.outboxDepth },
    });
  const rollback = health.updateRollback;
  if (rollback)
    alerts.push({
      code: 'update_rolled_back',
      message: rollback.problem
        ? `Update ${rollback.failedVersion} did not start healthy and it could not go back to ${rollback.to}: ${rollback.problem}`
        : `Update ${rollback.failedVersion} did not start healthy; it went back to ${rollback.to} at ${rollback.at}.`,
      params: {
        failedVersion: rollback.failedVersion,
        to: rollback.to,
        at: rollback.at,
        ...(rollback.problem ? { reason: rollback.problem } : {}),
      },
    });
  if (health.clockOffsetMs !== null && Math.abs(health.clockOffsetMs) >= CLOCK_SKEW_ALERT_MS) {
    const behind = health.clockOffsetMs > 0;
    const off = minutes(Math.abs(health.clockOffsetMs));
    alerts.push({
      code: 'clock_skew',
      message: `Its clock is ${off} minutes ${behind ? 'behind' : 'ahead of'} the server's.`,
      params: { minutes: off, way: behind ? 'behind' : 'ahead' },
    });
  }
  return alerts;
}

/**
 * Whether a report's audit chain continues the one the server saw before (issue #14: a stolen kiosk's
 * owner could cut the tail of its log). The station names the entry at the head it reported last and that
 * entry's hash as it reads it now; it must be a head the server was told, and the chain may not have got
 * shorter. A plain sentence for the administrator when it does not; null when it does or cannot be judged
 * (no earlier report with a chain, or a station too old to send one).
 */
export function auditBreak(history: HealthEntry[], current: StationHealth): string | null {
  const now = current.audit;
  const reported = history.flatMap((h) => (h.health.audit ? [h.health.audit.head] : []));
  if (!now || reported.length === 0) return null;
  const newest = reported[0]!;
  if (now.head.seq < newest.seq)
    return `Its audit log ends at entry ${now.head.seq}, but it reported entry ${newest.seq} before: entries were removed.`;
  const known = now.anchor && reported.some((r) => r.seq === now.anchor!.seq && r.hash === now.anchor!.hash);
  if (!known)
    return `Its audit log no longer matches what it reported (entry ${now.anchor?.seq ?? newest.seq}): entries were changed or the log was replaced.`;
  return null;
}

export function fleetView(
  stations: StationOverview[],
  now: Date,
  connectedIds: ReadonlySet<string>,
): FleetStation[] {
  return stations.map((station) => {
    const connected = connectedIds.has(station.id);
    const seenRecently =
      station.lastSeenAt !== null && now.getTime() - Date.parse(station.lastSeenAt) <= QUIET_AFTER_MS;
    const health = station.health;
    return {
      ...station,
      online: !station.revokedAt && (connected || seenRecently),
      uptimeSeconds: health
        ? Math.max(
            0,
            Math.round((Date.parse(health.reportedAt) - Date.parse(health.health.startedAt)) / 1000),
          )
        : null,
      alerts: stationAlerts(station, now, connected),
    };
  });
}

const WAIT_TEXT: Record<UpdateWait, string> = {
  quiet_window: 'outside the quiet window',
  visitors_on_site: 'visitors on site',
  next_check: 'installs at the next check',
};

/** "1.5.0 since 2026-12-06T12:00:00.000Z (visitors on site)", or "-". */
function pendingText(pending: PendingUpdate | null | undefined): string {
  return pending ? `${pending.version} since ${pending.since} (${WAIT_TEXT[pending.waitingFor]})` : '-';
}

/** The fleet as a plain-text table for a terminal, one station per line and its alerts below it. */
export function fleetTable(fleet: FleetStation[], sites: SiteInfo[]): string {
  if (fleet.length === 0) return 'No station is enrolled yet (npm run server -- enroll --help).';
  const siteName = new Map(sites.map((s) => [s.id, s.name]));
  const rows = fleet.map((s) => [
    siteName.get(s.siteId) ?? s.siteId,
    s.name,
    s.role,
    s.revokedAt ? 'revoked' : s.online ? 'online' : 'offline',
    s.health?.health.version ?? '-',
    s.lastSeenAt ?? 'never',
    String(s.health?.health.outboxDepth ?? '-'),
    pendingText(s.health?.health.pendingUpdate),
  ]);
  const header = ['SITE', 'STATION', 'ROLE', 'STATE', 'VERSION', 'LAST SYNC', 'OUTBOX', 'PENDING UPDATE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    ...rows.flatMap((r, i) => [line(r), ...fleet[i]!.alerts.map((a) => `  ! ${a.message}`)]),
  ].join('\n');
}
