// Devices page and print queue: handlers over the hardware manager (src/main/hardware).
import type { z } from 'zod';
import {
  deviceGroupOf,
  devicesConfigSchema,
  type DevicesConfig,
  type DevicesConfigInput,
  type NewDevice,
} from '../../shared/devices';
import { ApiError, invalidInput } from '../../shared/errors';
import { defineHandlers, type CallContext } from '../core/context';
import { readDevicesConfig, writeDevicesConfig } from './config';
import { changePrintJob, listPrintJobs } from './print-queue';

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
