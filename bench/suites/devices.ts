// Suite `devices`: a station with a simulated serial scanner and LCUS relay on real socat ptys and TCP 9100
// printer simulators.
// - scan→relay: scanner bytes written at the far end of the scanner's pty → the relay's "on" frame read
//   at the far end of the relay's pty, through the station's scanner.read event and hardware.pulseRelay()
//   (what the gate does on a granted scan). Target: p99 under 50 ms.
// - badge job submit → the complete job at the printer simulator (ZPL and Brother QL raster).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LcusRelaySimulator, SerialScannerSimulator, TcpPrinterSimulator } from '../../drivers';
import { delay } from '../../drivers/common/device';
import { until } from '../../drivers/common/test-support';
import { enqueueBadgeAsStation } from '../../src/main/hardware/print-queue';
import { startStation } from '../../src/main/station';
import { summarize } from '../stats';

const SCANS = 100;
const JOBS = 50;

export async function devicesSuite(): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-bench-devices-'));
  const scanner = await SerialScannerSimulator.start(`${dir}/scanner`, `${dir}/scanner-sim`, 'cr');
  const relay = await LcusRelaySimulator.start(`${dir}/relay`, `${dir}/relay-sim`);
  const zpl = await TcpPrinterSimulator.start();
  const ql = await TcpPrinterSimulator.start();
  const station = await startStation({ dataDir: `${dir}/station`, demo: true, preset: { kind: 'desk' } });
  try {
    await station.client({ role: 'admin', userId: null }).devices.configure({
      scanners: [{ kind: 'serial', id: 'scanner', name: 'Scanner', path: scanner.devicePath }],
      relays: [{ kind: 'lcus', id: 'relay', name: 'Relay', path: relay.devicePath, pulseMs: 100 }],
      printers: [
        { kind: 'zpl', id: 'zpl', name: 'ZPL', host: zpl.host, port: zpl.port },
        { kind: 'brother-ql', id: 'ql', name: 'QL', host: ql.host, port: ql.port },
      ],
    });
    // The scanner and relay open at once; the printers are known once their status answers.
    const connected = (id: string) => station.hardware.status().find((d) => d.id === id)?.connected;
    await until(() => connected('scanner') === true && connected('relay') === true);
    await until(() => relay.frames.length >= 1); // the all-off at connect

    // The gate's part, reduced to what this suite measures: every read opens the relay. (A desk station,
    // so the core's own gate decision on each read, which the gate suite measures, does not run as well.)
    station.onEvent((e) => {
      if (e.event === 'scanner.read') void station.hardware.pulseRelay();
    });
    const scanToRelay: number[] = [];
    for (let i = 0; i < SCANS + 5; i++) {
      const before = relay.frames.length;
      const on = new Promise<number>((resolve) => {
        const listener = (command: { on: boolean }) => {
          if (!command.on) return;
          relay.off('command', listener);
          resolve(performance.now());
        };
        relay.on('command', listener);
      });
      const start = performance.now();
      await scanner.scan(`GH1:BENCH-${i}`);
      const at = await on;
      if (i >= 5) scanToRelay.push(at - start); // warm-up
      await until(() => relay.frames.length >= before + 2, 5); // wait for the "off" before the next scan
      await delay(60); // and for the board's minimum gap between commands, which is not what we measure
    }

    const submitToPrinter = async (printerId: string, printer: TcpPrinterSimulator) => {
      const samples: number[] = [];
      for (let i = 0; i < JOBS; i++) {
        const received = new Promise<number>((resolve) =>
          printer.once('job', () => resolve(performance.now())),
        );
        const start = performance.now();
        enqueueBadgeAsStation(station.core, {
          visitId: null,
          printerId,
          badge: {
            name: `Bench Visitor ${i}`,
            company: 'Bench Ltd',
            hostLine: 'Host: Ana Ruiz',
            dateLine: '22 Nov 2026',
            typeName: 'Visitor',
            typeColor: '#2255aa',
            siteName: 'HQ',
            qrText: `GH1:BENCH-PASS-${i}`,
          },
        });
        samples.push((await received) - start);
      }
      return summarize(samples);
    };
    const scan = summarize(scanToRelay);
    const zplJob = await submitToPrinter('zpl', zpl);
    const qlJob = await submitToPrinter('ql', ql);
    return {
      scan_to_relay_median_ms: scan.median,
      scan_to_relay_p99_ms: scan.p99,
      zpl_job_to_printer_median_ms: zplJob.median,
      zpl_job_to_printer_p99_ms: zplJob.p99,
      brother_ql_job_to_printer_median_ms: qlJob.median,
      brother_ql_job_to_printer_p99_ms: qlJob.p99,
    };
  } finally {
    await station.close();
    await Promise.all([scanner.close(), relay.close(), zpl.close(), ql.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
}
