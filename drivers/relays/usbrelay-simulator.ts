// A dcttech USBRelay board behind the HID transport seam: takes the real 9-byte output reports and
// answers feature report 0x01 with its serial and relay bitmask.
import { SimulatedHidDevice } from '../common/hid';
import { encodeUsbRelayState, USBRELAY_STATE_REPORT, UsbRelayCommand } from './usbrelay';

export class UsbRelaySimulator extends SimulatedHidDevice {
  readonly channels: number;
  readonly serial: string;
  mask = 0;
  /** Every output report received, as bytes. */
  readonly writes: Uint8Array[] = [];
  /** Simulate platforms that put the report id in byte 0 of feature reports. */
  reportIdInFeature: boolean;
  /** Simulate a stuck relay: commands are accepted but nothing switches. */
  stuck = false;

  constructor({ channels = 2, serial = 'QAAMZ', reportIdInFeature = true } = {}) {
    super();
    this.channels = channels;
    this.serial = serial;
    this.reportIdInFeature = reportIdInFeature;
  }

  isOn(relay: number): boolean {
    return (this.mask & (1 << (relay - 1))) !== 0;
  }

  override unplug(): void {
    this.mask = 0; // no power, no relay
    super.unplug();
  }

  protected onWrite(report: Uint8Array): void {
    this.writes.push(report);
    if (report.length !== 9 || report[0] !== 0x00 || this.stuck) return;
    const [, command, relay = 0] = report;
    const bit = relay >= 1 && relay <= this.channels ? 1 << (relay - 1) : 0;
    const all = (1 << this.channels) - 1;
    if (command === UsbRelayCommand.on) this.mask |= bit;
    else if (command === UsbRelayCommand.off) this.mask &= ~bit;
    else if (command === UsbRelayCommand.allOn) this.mask = all;
    else if (command === UsbRelayCommand.allOff) this.mask = 0;
  }

  protected onSendFeature(): void {}

  protected onGetFeature(reportId: number): Uint8Array {
    if (reportId !== USBRELAY_STATE_REPORT) throw new Error(`no feature report ${reportId}`);
    return encodeUsbRelayState(this.serial, this.mask, this.reportIdInFeature);
  }
}
