// A QR code as SVG, drawn from the same module matrix as the printed badge (src/shared/qr.ts).
import { useMemo } from 'react';
import { qrMatrix } from '../../shared/qr';

export function QrCode({ text, label, size = 280 }: { text: string; label: string; size?: number }) {
  const { path, side } = useMemo(() => {
    const m = qrMatrix(text);
    const parts: string[] = [];
    for (let y = 0; y < m.size; y++)
      for (let x = 0; x < m.size; x++) if (m.isDark(x, y)) parts.push(`M${x + 4} ${y + 4}h1v1h-1z`);
    return { path: parts.join(''), side: m.size + 8 };
  }, [text]);
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`0 0 ${side} ${side}`}
      shapeRendering="crispEdges"
    >
      <rect width={side} height={side} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
