// Devices page and print queue: handlers over the hardware manager (src/main/hardware).
import { defineHandlers } from '../core/context';
import { readDevicesConfig, writeDevicesConfig } from './config';
import { changePrintJob, listPrintJobs } from './print-queue';

export const devicesHandlers = defineHandlers({
  'devices.status': (_input, ctx) => ({ devices: ctx.station.hardware.status() }),

  'devices.config': (_input, ctx) => readDevicesConfig(ctx.station.db),

  'devices.detect': (_input, ctx) => ctx.station.hardware.detect(),

  'devices.configure': (input, ctx) => {
    writeDevicesConfig(ctx.station.db, input, ctx.nowIso);
    // Reopen the devices only once the new configuration is committed.
    ctx.afterCommit(() => void ctx.station.hardware.reload());
    return input;
  },

  'devices.test': (input, ctx) => ctx.station.hardware.test(input.deviceId, input.timeoutMs),

  'printJobs.list': (_input, ctx) => ({
    jobs: listPrintJobs(ctx.station.db, ctx.station.stationId, ctx.now, readDevicesConfig(ctx.station.db)),
  }),

  'printJobs.cancel': (input, ctx) => changePrintJob(ctx, input.jobId, 'cancel'),
  'printJobs.retry': (input, ctx) => changePrintJob(ctx, input.jobId, 'retry'),
  'printJobs.redirect': (input, ctx) => changePrintJob(ctx, input.jobId, 'redirect', input.printerId),
});
