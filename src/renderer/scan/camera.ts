// The renderer's one camera QR decoder, for the kiosk (QrScanner) and the gate (useScanSources): the
// camera's stream plays in the screen's <video>, a frame is copied to a canvas every FRAME_INTERVAL_MS and
// read by zxing-wasm (src/shared/qr-decode.ts). Screens load this module with import(), so the decoder and
// its WebAssembly come only with a screen that scans. The .wasm file is one of the renderer's own assets
// (Vite copies it into dist/renderer/assets), fetched from the station that served the page: no CDN.
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import { decodeQr, loadQrDecoder } from '../../shared/qr-decode';

/** How often a frame is read: about 7 reads a second, each a few milliseconds. */
const FRAME_INTERVAL_MS = 150;

/** The station-served URL of the decoder's WebAssembly file. */
export const QR_WASM_URL = wasmUrl;

/** One overrides object, so the module is instantiated once, not again on every camera (re)start. */
const OVERRIDES = {
  locateFile: (file: string) => (file.endsWith('.wasm') ? new URL(wasmUrl, document.baseURI).href : file),
};

export interface CameraScan {
  stop(): void;
}

/**
 * Starts the camera into `video` and calls onText with the text of every QR code read (the same code held
 * up is reported on every frame; callers drop repeats). Rejects when there is no camera or it is refused.
 */
export async function startCameraScan(
  video: HTMLVideoElement,
  onText: (text: string) => void,
  constraints: MediaTrackConstraints | true = true,
): Promise<CameraScan> {
  // The camera first: with none (or refused) the decoder is not loaded at all.
  const stream = await navigator.mediaDevices.getUserMedia({ video: constraints, audio: false });
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    for (const track of stream.getTracks()) track.stop();
    if (video.srcObject === stream) video.srcObject = null;
  };
  try {
    await loadQrDecoder(OVERRIDES);
    video.srcObject = stream;
    await video.play();
  } catch (error) {
    stop();
    throw error;
  }
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  const readFrame = async () => {
    if (stopped) return;
    const { videoWidth: width, videoHeight: height } = video;
    if (context && width > 0 && height > 0) {
      if (canvas.width !== width || canvas.height !== height) Object.assign(canvas, { width, height });
      context.drawImage(video, 0, 0, width, height);
      const text = await decodeQr(context.getImageData(0, 0, width, height)).catch(() => null);
      if (text !== null && !stopped) onText(text);
    }
    if (!stopped) timer = setTimeout(() => void readFrame(), FRAME_INTERVAL_MS);
  };
  void readFrame();
  return { stop };
}
