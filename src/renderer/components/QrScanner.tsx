// Reads QR codes from the kiosk camera's live stream with @zxing/library, and from the station's
// hardware scanner (the `scanner.read` event) when it has one. Calls onCode once per new code.
import { BrowserQRCodeReader } from '@zxing/library';
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
    const reader = new BrowserQRCodeReader(150);
    let last = '';
    if (!navigator.mediaDevices?.getUserMedia || !video.current) {
      setCamera('none');
      return;
    }
    reader
      .decodeFromConstraints({ video: { facingMode: 'user' }, audio: false }, video.current, (result) => {
        if (!result) return;
        const text = result.getText();
        if (text === last) return; // the same code held in front of the camera counts once
        last = text;
        latest.current(text);
      })
      .then(() => setCamera('on'))
      .catch(() => setCamera('none'));
    return () => reader.reset();
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
