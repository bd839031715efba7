import { PDFDocument } from 'pdf-lib';
import { AppError } from '../../platform/errors.js';

export const MAX_SIGNATURE_BYTES = 300_000;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const reject = (message: string) => new AppError('UNPROCESSABLE', message, { errors: [{ path: 'body.signature', message }] });

/**
 * A drawn signature as the signer's browser sent it: a PNG data URL or bare base64. It must be a
 * real PNG (magic bytes, an IHDR chunk first), at most 300 kB, between 40×20 and 4000×2000 pixels,
 * and decodable — anything else is refused with 422 and a reason, never stored.
 */
export async function parseSignatureImage(input: string): Promise<Buffer> {
  const b64 = input.startsWith('data:') ? /^data:image\/png;base64,([A-Za-z0-9+/=\s]+)$/.exec(input)?.[1] : /^[A-Za-z0-9+/=\s]+$/.test(input) ? input : undefined;
  if (b64 === undefined) throw reject('The signature must be a PNG image (a data:image/png;base64 URL). Draw your signature again.');
  const bytes = Buffer.from(b64.replace(/\s/g, ''), 'base64');
  if (bytes.length > MAX_SIGNATURE_BYTES) throw reject('The signature image is larger than 300 kB. Draw your signature again.');
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(PNG_MAGIC) || bytes.readUInt32BE(8) !== 13 || bytes.toString('latin1', 12, 16) !== 'IHDR') {
    throw reject('The signature is not a PNG image. Draw your signature again.');
  }
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  if (width < 40 || height < 20 || width > 4000 || height > 2000) throw reject(`The signature image is ${width}×${height} pixels; it must be between 40×20 and 4000×2000. Draw your signature again.`);
  try {
    await (await PDFDocument.create()).embedPng(bytes);
  } catch {
    throw reject('The signature image is damaged and cannot be read. Draw your signature again.');
  }
  return bytes;
}
