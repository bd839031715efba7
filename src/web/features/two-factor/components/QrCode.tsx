import QRCode from 'qrcode';
import { useMemo } from 'react';

/**
 * A QR code as SVG elements (no inline styles, no data: URL): one path of dark modules on a light
 * square with a 4-module quiet zone. `label` is its accessible name.
 */
export function QrCode({ value, label, size = 200 }: { value: string; label: string; size?: number }) {
  const { d, n } = useMemo(() => {
    const qr = QRCode.create(value, { errorCorrectionLevel: 'M' });
    const count = qr.modules.size;
    let path = '';
    for (let y = 0; y < count; y++) {
      for (let x = 0; x < count; x++) if (qr.modules.get(y, x)) path += `M${x + 4} ${y + 4}h1v1h-1z`;
    }
    return { d: path, n: count + 8 };
  }, [value]);
  return (
    <svg className="qr-code" role="img" aria-label={label} width={size} height={size} viewBox={`0 0 ${n} ${n}`} shapeRendering="crispEdges">
      <rect width={n} height={n} fill="#ffffff" />
      <path d={d} fill="#000000" />
    </svg>
  );
}
