// HID POS barcode scanner (usage page 0x8C, usage 0x02) input reports. Layout of one 64-byte report
// (Honeywell-style "scanned data report"), report id first as hidapi/node-hid deliver it:
//   [0] report id 0x02   [1] n = code bytes in this report (0..56)   [2..4] AIM symbology id, e.g. "]Q1"
//   [5..60] code bytes (first n used)   [61..62] vendor code id / reserved   [63] bit 0: more reports follow
// Long codes continue over several reports; each repeats the AIM id. Pure and environment-free.
import { codeText } from '../common/text';

export const HID_POS_USAGE_PAGE = 0x8c;
export const HID_POS_REPORT_ID = 0x02;
export const HID_POS_REPORT_LENGTH = 64;
export const HID_POS_DATA_OFFSET = 5;
export const HID_POS_MAX_DATA = 56;
export const HID_POS_FLAGS_OFFSET = 63;
/** Feature report some Honeywell models need to switch into HID POS mode. */
export const HID_POS_ENABLE_FEATURE = Uint8Array.from([0xfe, 0x01]);

export interface HidPosCode {
  code: string;
  /** AIM id ("]Q1"), or null if the scanner sent something that is not one. */
  symbology: string | null;
}

/** Build the reports a scanner sends for one code (simulator and property tests). */
export function encodeHidPosReports(code: string, symbology = ']Q1'): Uint8Array[] {
  const data = new TextEncoder().encode(code);
  const aim = new TextEncoder().encode(symbology.padEnd(3, '0').slice(0, 3));
  const reports: Uint8Array[] = [];
  for (let offset = 0; offset === 0 || offset < data.length; offset += HID_POS_MAX_DATA) {
    const part = data.subarray(offset, offset + HID_POS_MAX_DATA);
    const report = new Uint8Array(HID_POS_REPORT_LENGTH);
    report[0] = HID_POS_REPORT_ID;
    report[1] = part.length;
    report.set(aim, 2);
    report.set(part, HID_POS_DATA_OFFSET);
    report[HID_POS_FLAGS_OFFSET] = offset + HID_POS_MAX_DATA < data.length ? 0x01 : 0x00;
    reports.push(report);
  }
  return reports;
}

const utf8 = new TextDecoder('utf-8');

/**
 * Reassembles codes from input reports. Reports that are not scanned-data reports, or are malformed
 * (wrong id or size, length byte too large), are counted and dropped, and any half-assembled code is
 * abandoned, so the next good report starts clean.
 */
export class HidPosAssembler {
  readonly maxLength: number;
  readonly #reportIdIncluded: boolean;
  #parts: Uint8Array[] = [];
  #size = 0;
  #symbology: string | null = null;
  #overflow = false;
  rejected = 0;

  /** reportIdIncluded: false for platforms/transports that strip the report id from byte 0. */
  constructor({ maxLength = 8192, reportIdIncluded = true } = {}) {
    this.maxLength = maxLength;
    this.#reportIdIncluded = reportIdIncluded;
  }

  push(input: Uint8Array): HidPosCode | null {
    // Normalise to "report id at byte 0".
    const report = this.#reportIdIncluded ? input : Uint8Array.from([HID_POS_REPORT_ID, ...input]);
    const length = report[1] ?? 0xff;
    if (
      report.length !== HID_POS_REPORT_LENGTH ||
      report[0] !== HID_POS_REPORT_ID ||
      length > HID_POS_MAX_DATA
    ) {
      this.rejected++;
      this.#reset();
      return null;
    }
    if (this.#parts.length === 0) this.#symbology = aimId(report.subarray(2, 5));
    if (!this.#overflow) {
      this.#parts.push(report.slice(HID_POS_DATA_OFFSET, HID_POS_DATA_OFFSET + length));
      this.#size += length;
      if (this.#size > this.maxLength) this.#overflow = true;
    }
    if ((report[HID_POS_FLAGS_OFFSET]! & 0x01) !== 0) return null;

    const bytes = new Uint8Array(this.#size);
    let at = 0;
    for (const part of this.#parts) {
      bytes.set(part, at);
      at += part.length;
    }
    const result = { overflow: this.#overflow, symbology: this.#symbology };
    this.#reset();
    if (result.overflow) {
      this.rejected++;
      return null;
    }
    const code = codeText(utf8.decode(bytes));
    return code ? { code, symbology: result.symbology } : null;
  }

  #reset(): void {
    this.#parts = [];
    this.#size = 0;
    this.#symbology = null;
    this.#overflow = false;
  }
}

function aimId(bytes: Uint8Array): string | null {
  const text = String.fromCharCode(...bytes);
  return /^\][\x21-\x7e]{2}$/.test(text) ? text : null;
}
