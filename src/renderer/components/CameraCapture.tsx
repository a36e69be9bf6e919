// A photo from the kiosk camera (getUserMedia), with retake. Says when there is no camera, so the
// screen can skip the step or send the visitor to reception, as the visitor type requires.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export function CameraCapture({
  photo,
  onPhoto,
  onUnavailable,
}: {
  photo: string | null;
  onPhoto(jpeg: string | null): void;
  onUnavailable(): void;
}) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    if (photo) return;
    let stream: MediaStream | null = null;
    let cancelled = false;
    if (!navigator.mediaDevices?.getUserMedia) {
      onUnavailable();
      return;
    }
    navigator.mediaDevices
      .getUserMedia({ video: { width: 640, height: 480 }, audio: false })
      .then((s) => {
        if (cancelled) return s.getTracks().forEach((track) => track.stop());
        stream = s;
        if (video.current) {
          video.current.srcObject = s;
          void video.current.play().then(() => setReady(true));
        }
      })
      .catch(() => onUnavailable());
    return () => {
      cancelled = true;
      stream?.getTracks().forEach((track) => track.stop());
      setReady(false);
    };
  }, [photo, onUnavailable]);

  const take = () => {
    const v = video.current;
    if (!v) return;
    const canvas = document.createElement('canvas');
    canvas.width = v.videoWidth || 640;
    canvas.height = v.videoHeight || 480;
    canvas.getContext('2d')?.drawImage(v, 0, 0, canvas.width, canvas.height);
    onPhoto(canvas.toDataURL('image/jpeg', 0.85));
  };

  return (
    <div className="camera">
      {photo ? (
        <img className="camera__view" src={photo} alt={t('kioskFlow.photo.preview')} />
      ) : (
        <video
          ref={video}
          className="camera__view"
          muted
          playsInline
          aria-label={t('kioskFlow.photo.live')}
        />
      )}
      <div className="kiosk-flow__actions">
        {photo ? (
          <button
            type="button"
            className="button button--secondary button--large"
            onClick={() => onPhoto(null)}
          >
            {t('kioskFlow.photo.retake')}
          </button>
        ) : (
          <button
            type="button"
            className="button button--primary button--large"
            disabled={!ready}
            onClick={take}
          >
            {t('kioskFlow.photo.take')}
          </button>
        )}
      </div>
    </div>
  );
}
