// Devices page and print queue: handlers over the hardware manager (src/main/hardware).
import type { z } from 'zod';
import { deviceProfilesRepo } from '../../db/repos/device-profiles';
import {
  deviceGroupOf,
  devicesConfigSchema,
  hasDevices,
  profileOf,
  type DevicesConfig,
  type DevicesConfigInput,
  type NewDevice,
} from '../../shared/devices';
import { ApiError, invalidInput } from '../../shared/errors';
import { defineHandlers, type CallContext } from '../core/context';
import { recordChange } from '../core/outbox';
import { requireSite } from '../core/site';
import { readDevicesConfig, writeDevicesConfig } from './config';
import { changePrintJob, listPrintJobs } from './print-queue';
import { fillAddresses, profileView } from './profile';

export const devicesHandlers = defineHandlers({
  'devices.status': (_input, ctx) => ({ devices: ctx.station.hardware.status() }),

  'devices.config': (_input, ctx) => readDevicesConfig(ctx.station.db),

  'devices.detect': (_input, ctx) => ctx.station.hardware.detect(),

  'devices.configure': (input, ctx) => saveDevicesConfig(ctx, input),

  'devices.add': (input, ctx) => {
    const config = readDevicesConfig(ctx.station.db);
    const group = deviceGroupOf(input.kind);
    const id = input.id ?? freeId(config, input.kind);
    const device = { ...input, id, name: input.name ?? id };
    ctx.auditDetails.deviceId = device.id;
    const next = { ...config, [group]: [...config[group], device] };
    // What the whole configuration refuses about the new device is said of the device's own fields.
    const index = config[group].length;
    const saved = saveDevicesConfig(ctx, next, (issue) =>
      issue.path[0] !== group
        ? issue
        : issue.path.length === 1
          ? { ...issue, path: ['kind'] } // too many of this type
          : issue.path[1] === index
            ? { ...issue, path: issue.path.slice(2) }
            : issue,
    );
    return { deviceId: device.id, config: saved };
  },

  'devices.remove': (input, ctx) => {
    const config = readDevicesConfig(ctx.station.db);
    const keep = <T extends { id: string }>(list: T[]) => list.filter((d) => d.id !== input.deviceId);
    const next: DevicesConfig = {
      scanners: keep(config.scanners),
      relays: keep(config.relays),
      printers: keep(config.printers),
      defaultPrinterId: config.defaultPrinterId === input.deviceId ? null : config.defaultPrinterId,
    };
    if (allDevices(next).length === allDevices(config).length)
      throw new ApiError('not_found', `No device on this station has the id "${input.deviceId}".`);
    ctx.auditDetails.deviceId = input.deviceId;
    return { config: saveDevicesConfig(ctx, next) };
  },

  'devices.test': (input, ctx) => ctx.station.hardware.test(input.deviceId, input.timeoutMs),

  // The site's shared device profile (issue #16): shared at a desk (the authorship table refuses it at a
  // kiosk or gate, src/shared/authorship.ts), adopted or offered everywhere else (./profile.ts).
  'devices.shareProfile': (input, ctx) => {
    const { db, stationId } = ctx.station;
    const site = requireSite(ctx);
    const config = readDevicesConfig(db);
    const existing = deviceProfilesRepo.get(db, site.id);
    const row = {
      id: site.id,
      siteId: site.id,
      devices: profileOf(config, input.includeAddresses) as unknown as Record<string, unknown>,
      includesAddresses: input.includeAddresses,
      sharedByStationId: stationId,
      createdAt: existing?.createdAt ?? ctx.nowIso,
      updatedAt: ctx.nowIso,
    };
    // First: a kiosk or gate hears that only a desk shares a profile, whatever it has configured.
    recordChange(ctx, 'deviceProfile.share', site.id, row);
    if (!hasDevices(config))
      throw new ApiError('conflict', 'This station has no devices to share; add them first.');
    deviceProfilesRepo.put(db, row);
    Object.assign(ctx.auditDetails, {
      siteId: site.id,
      devices: config.scanners.length + config.relays.length + config.printers.length,
      includesAddresses: input.includeAddresses,
    });
    ctx.emit('deviceProfile.changed', { siteId: site.id });
    return { profile: profileView(db, row) };
  },

  'devices.siteProfile': (_input, ctx) => {
    const { db } = ctx.station;
    const row = deviceProfilesRepo.get(db, requireSite(ctx).id);
    return { profile: row ? profileView(db, row) : null, ownDevices: hasDevices(readDevicesConfig(db)) };
  },

  'devices.applyProfile': async (_input, ctx) => {
    const siteId = requireSite(ctx).id;
    // The station applies it by itself only while it has no devices; an administrator's click replaces.
    const automatic = ctx.caller.role === 'station';
    const detected = await ctx.station.hardware.detect();
    return ctx.write((w) => {
      const { db } = w.station;
      const current = readDevicesConfig(db);
      const row = deviceProfilesRepo.get(db, siteId);
      Object.assign(w.auditDetails, { siteId, automatic });
      const skipped = !row ? 'no_profile' : automatic && hasDevices(current) ? 'own_devices' : null;
      if (!row || skipped) {
        w.auditDetails.skipped = skipped;
        return { applied: false, skipped, config: current, unresolved: [] };
      }
      const { config, unresolved } = fillAddresses(row.devices as never, detected);
      const saved = saveDevicesConfig(w, config);
      Object.assign(w.auditDetails, {
        profileSharedAt: row.updatedAt,
        replaced: hasDevices(current),
        devices: saved.scanners.length + saved.relays.length + saved.printers.length,
        unresolved: unresolved.length,
      });
      return { applied: true, skipped: null, config: saved, unresolved };
    });
  },

  'printJobs.list': (_input, ctx) => ({
    jobs: listPrintJobs(ctx.station.db, ctx.station.stationId, ctx.now, readDevicesConfig(ctx.station.db)),
  }),

  'printJobs.cancel': (input, ctx) => changePrintJob(ctx, input.jobId, 'cancel'),
  'printJobs.retry': (input, ctx) => changePrintJob(ctx, input.jobId, 'retry'),
  'printJobs.redirect': (input, ctx) => changePrintJob(ctx, input.jobId, 'redirect', input.printerId),
});

/**
 * The one writer of the device configuration: checks the whole next configuration (refusing it, with
 * each issue placed by `place`, changes nothing), stores it, and reopens the devices once it has
 * committed.
 */
function saveDevicesConfig(
  ctx: CallContext,
  next: DevicesConfigInput,
  place: (issue: z.core.$ZodIssue) => z.core.$ZodIssue = (issue) => issue,
): DevicesConfig {
  const parsed = devicesConfigSchema.safeParse(next);
  if (!parsed.success) throw invalidInput({ issues: parsed.error.issues.map(place) });
  writeDevicesConfig(ctx.station.db, parsed.data, ctx.nowIso);
  ctx.afterCommit(() => void ctx.station.hardware.reload());
  return parsed.data;
}

function allDevices(config: DevicesConfig): Array<{ id: string }> {
  return [...config.scanners, ...config.relays, ...config.printers];
}

/** The first free id named after the kind: zpl-1, zpl-2, … */
function freeId(config: DevicesConfig, kind: NewDevice['kind']): string {
  const taken = new Set(allDevices(config).map((d) => d.id));
  let n = 1;
  while (taken.has(`${kind}-${n}`)) n++;
  return `${kind}-${n}`;
}
