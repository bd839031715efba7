import { crc32, deflateSync } from 'node:zlib';

/**
 * A small hand-drawn-looking signature as a real PNG (RGB, 8 bits): a few loops of ink on white.
 * Used by the demo data (signed through the real signing service) and by tests. `seed` varies the
 * stroke so two signers' images (and their SHA-256) differ.
 */
export function signaturePng(width = 320, height = 100, seed = 1): Buffer {
  const rows = Array.from({ length: height }, () => Buffer.alloc(width * 3 + 1, 0xff));
  for (const row of rows) row[0] = 0; // filter: none
  const ink = (x: number, y: number) => {
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const px = Math.round(x) + dx;
        const py = Math.round(y) + dy;
        const row = rows[py];
        if (!row || px < 0 || px >= width) continue;
        row.writeUIntBE(0x1e3a8a, 1 + px * 3, 3); // dark blue ink
      }
    }
  };
  const margin = Math.max(4, Math.round(width * 0.06));
  for (let i = 0; i <= 4000; i++) {
    const t = i / 4000;
    const x = margin + t * (width - 2 * margin) + Math.sin(t * Math.PI * (7 + seed)) * width * 0.03;
    const y = height / 2 + Math.sin(t * Math.PI * (3 + seed * 0.5)) * height * 0.25 + Math.cos(t * Math.PI * 11) * height * 0.1;
    ink(x, y);
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

export const signatureDataUrl = (seed = 1) => `data:image/png;base64,${signaturePng(320, 100, seed).toString('base64')}`;
