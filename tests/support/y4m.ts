// A tiny YUV4MPEG2 writer, for Chromium's fake camera (--use-file-for-fake-video-capture): a video that
// shows a QR code, as a visitor would hold it up to the kiosk camera.
import { writeFileSync } from 'node:fs';
import { qrMatrix } from '../../src/shared/qr';

/** An 8-bit grey frame (one byte per pixel) with the QR code of `text` centred on white. */
export function qrFrame(text: string, width: number, height: number, moduleSize = 6): Uint8Array {
  const m = qrMatrix(text);
  const side = (m.size + 8) * moduleSize;
  if (side > Math.min(width, height))
    throw new Error(`a ${m.size}-module QR does not fit ${width}×${height}`);
  const frame = new Uint8Array(width * height).fill(235);
  const left = Math.floor((width - side) / 2);
  const top = Math.floor((height - side) / 2);
  for (let y = 0; y < m.size; y++)
    for (let x = 0; x < m.size; x++) {
      if (!m.isDark(x, y)) continue;
      for (let dy = 0; dy < moduleSize; dy++) {
        const row = (top + (y + 4) * moduleSize + dy) * width;
        frame.fill(16, row + left + (x + 4) * moduleSize, row + left + (x + 5) * moduleSize);
      }
    }
  return frame;
}

/** Writes `frames` copies of a grey frame as a 4:2:0 Y4M file (chroma neutral). */
export function writeY4m(file: string, grey: Uint8Array, width: number, height: number, frames = 10): void {
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), Buffer.from(grey), chroma, chroma]);
  writeFileSync(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}
