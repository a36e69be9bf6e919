/** One code read by any scanner; the hardware manager turns each into one station event. */
export interface ScanEvent {
  code: string;
  /** AIM symbology identifier such as "]Q1" (QR) when the scanner reports it, else null. */
  symbology: string | null;
  source: 'serial' | 'hid-pos' | 'wedge';
  /** Epoch ms when the code was complete. */
  at: number;
}

export interface ScannerEvents {
  code: [ScanEvent];
}
