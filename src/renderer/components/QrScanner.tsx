// Reads QR codes from the kiosk camera's live stream (zxing-wasm, src/renderer/scan/camera.ts, loaded
// only when a scanning screen opens), and from the station's hardware scanner (the `scanner.read` event)
// when it has one. Calls onCode once per new code.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStation } from '../api/StationProvider';

export function QrScanner({ onCode }: { onCode(text: string): void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const video = useRef<HTMLVideoElement>(null);
  const latest = useRef(onCode);
  latest.current = onCode;
  const [camera, setCamera] = useState<'starting' | 'on' | 'none'>('starting');

  useEffect(() => client.onEvent('scanner.read', (read) => latest.current(read.code)), [client]);

  useEffect(() => {
    let last = '';
    let stopped = false;
    let scan: { stop(): void } | undefined;
    const element = video.current;
    if (!navigator.mediaDevices?.getUserMedia || !element) {
      setCamera('none');
      return;
    }
    import('../scan/camera')
      .then(({ startCameraScan }) =>
        startCameraScan(
          element,
          (text) => {
            if (text === last) return; // the same code held in front of the camera counts once
            last = text;
            latest.current(text);
          },
          { facingMode: 'user' },
        ),
      )
      .then((started) => {
        if (stopped) return started.stop();
        scan = started;
        setCamera('on');
      })
      .catch(() => !stopped && setCamera('none'));
    return () => {
      stopped = true;
      scan?.stop();
    };
  }, []);

  return (
    <div className="scanner">
      <video
        ref={video}
        className="scanner__view"
        muted
        playsInline
        aria-label={t('kioskFlow.scan.camera')}
      />
      <p className="scanner__hint" role="status">
        {camera === 'none' ? t('kioskFlow.scan.noCamera') : t('kioskFlow.scan.hint')}
      </p>
    </div>
  );
}
