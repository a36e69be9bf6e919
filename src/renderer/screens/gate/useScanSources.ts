// Where the gate screen's own scans come from, both at once and never stopping: the camera (zxing-wasm on
// the live stream, src/renderer/scan/camera.ts) and a keyboard-wedge scanner typing into the page. (Hardware scanners are decided by the
// station core, src/main/gate/hardware-scans.ts; the screen shows their verdicts from gate.verdict.) Every code goes to one callback; the same code seen again within a few seconds is dropped, because
// a camera reads a held-up badge many times a second.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { WedgeDetector } from '../../../shared/wedge';

/** A code read again within this time is the same scan. */
export const REPEAT_WINDOW_MS = 4_000;
/** After the camera fails (none, unplugged, refused), try again this often. */
const CAMERA_RETRY_MS = 10_000;

export type CameraState = 'starting' | 'on' | 'unavailable';

/** Wraps onScan so one physical scan calls it once, whichever sources saw it. */
function useDedupe(onScan: (code: string) => void) {
  const seen = useRef(new Map<string, number>());
  const latest = useRef(onScan);
  latest.current = onScan;
  return useCallback((raw: string) => {
    const code = raw.replace(/^[\r\n\t\0]+|[\r\n\t\0]+$/g, '');
    if (!code) return;
    const now = performance.now();
    for (const [c, at] of seen.current) if (now - at > REPEAT_WINDOW_MS) seen.current.delete(c);
    const last = seen.current.get(code);
    seen.current.set(code, now);
    if (last === undefined) latest.current(code);
  }, []);
}

/** The camera, decoding continuously; restarted after a failure. */
function useCamera(video: RefObject<HTMLVideoElement | null>, scan: (code: string) => void): CameraState {
  const [state, setState] = useState<CameraState>('starting');
  useEffect(() => {
    let camera: { stop(): void } | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const start = () => {
      if (stopped || !video.current) return;
      if (!navigator.mediaDevices?.getUserMedia) {
        setState('unavailable');
        return;
      }
      const element = video.current;
      // The decoder is loaded with the gate screen's camera only, not with every screen of the app.
      import('../../scan/camera')
        .then(({ startCameraScan }) => startCameraScan(element, scan))
        .then(
          (started) => {
            if (stopped) return started.stop();
            camera = started;
            setState('on');
          },
          () => {
            if (stopped) return;
            setState('unavailable');
            retry = setTimeout(start, CAMERA_RETRY_MS);
          },
        );
    };
    start();
    return () => {
      stopped = true;
      clearTimeout(retry);
      camera?.stop();
    };
  }, [video, scan]);
  return state;
}

/**
 * A keyboard-wedge scanner types into whatever has focus: the gate keeps a hidden input focused and feeds
 * its keys to the wedge detector, which tells a scanner's burst from a person typing.
 */
function useWedge(scan: (code: string) => void) {
  const detector = useRef(new WedgeDetector());
  useEffect(() => {
    const timer = setInterval(() => {
      for (const d of detector.current.tick(performance.now())) if (d.kind === 'scan') scan(d.code);
    }, 30);
    return () => clearInterval(timer);
  }, [scan]);
  return useCallback(
    (e: KeyboardEvent<HTMLInputElement>) => {
      const result = detector.current.key({ key: e.key, time: e.timeStamp });
      if (result.hold) e.preventDefault();
      for (const d of result.decisions) if (d.kind === 'scan') scan(d.code);
    },
    [scan],
  );
}

export function useScanSources(video: RefObject<HTMLVideoElement | null>, onScan: (code: string) => void) {
  const scan = useDedupe(onScan);
  const camera = useCamera(video, scan);
  const onWedgeKey = useWedge(scan);
  return { camera, onWedgeKey };
}
