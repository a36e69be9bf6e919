// A drawn signature: pointer events cover finger, pen and mouse alike. Gives a PNG data URL once
// something is drawn, null after "Clear".
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export function SignaturePad({ label, onChange }: { label: string; onChange(png: string | null): void }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);

  const context = () => canvas.current?.getContext('2d') ?? null;
  const clear = () => {
    const c = canvas.current;
    const ctx = context();
    if (!c || !ctx) return;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, c.width, c.height);
    onChange(null);
  };
  // Paint the canvas white once, so the PNG has no transparent background.
  useEffect(clear, []);

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return {
      x: ((e.clientX - rect.left) * e.currentTarget.width) / rect.width,
      y: ((e.clientY - rect.top) * e.currentTarget.height) / rect.height,
    };
  };

  return (
    <div className="signature">
      <canvas
        ref={canvas}
        className="signature__canvas"
        width={800}
        height={260}
        role="img"
        aria-label={label}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          drawing.current = true;
          const ctx = context();
          const p = point(e);
          ctx?.beginPath();
          ctx?.moveTo(p.x, p.y);
        }}
        onPointerMove={(e) => {
          if (!drawing.current) return;
          const ctx = context();
          if (!ctx) return;
          const p = point(e);
          ctx.lineWidth = 4;
          ctx.lineCap = 'round';
          ctx.strokeStyle = '#0f1b2d';
          ctx.lineTo(p.x, p.y);
          ctx.stroke();
        }}
        onPointerUp={() => {
          if (!drawing.current) return;
          drawing.current = false;
          onChange(canvas.current?.toDataURL('image/png') ?? null);
        }}
      />
      <button type="button" className="button button--secondary" onClick={clear}>
        {t('kioskFlow.sign.clear')}
      </button>
    </div>
  );
}
