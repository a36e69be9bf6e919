// A HID POS scanner behind the transport seam: emits the real 64-byte input reports for each scan.
import { SimulatedHidDevice } from '../common/hid';
import { encodeHidPosReports, HID_POS_ENABLE_FEATURE } from './hid-pos';

export class HidPosScannerSimulator extends SimulatedHidDevice {
  /** Like some Honeywell models: stays silent until feature report 0xFE = [0x01] is received. */
  requiresEnable: boolean;
  posModeEnabled = false;
  /** Simulate a platform that does not put the report id in byte 0. */
  stripReportId: boolean;

  constructor({ requiresEnable = false, stripReportId = false } = {}) {
    super();
    this.requiresEnable = requiresEnable;
    this.stripReportId = stripReportId;
  }

  /** Scan a code: one or more input reports, delivered as node-hid would. */
  scan(code: string, symbology = ']Q1'): void {
    if (this.requiresEnable && !this.posModeEnabled) return;
    for (const report of encodeHidPosReports(code, symbology)) {
      this.sendReport(report);
    }
  }

  /** Deliver arbitrary bytes as an input report (noise, other report ids). */
  sendReport(report: Uint8Array): void {
    this.sendInputReport(this.stripReportId ? report.slice(1) : report);
  }

  protected onWrite(): void {}

  protected onSendFeature(data: Uint8Array): void {
    if (
      data.length === HID_POS_ENABLE_FEATURE.length &&
      data.every((b, i) => b === HID_POS_ENABLE_FEATURE[i])
    ) {
      this.posModeEnabled = true;
    }
  }

  protected onGetFeature(reportId: number, length: number): Uint8Array {
    const report = new Uint8Array(length);
    report[0] = reportId;
    return report;
  }
}
