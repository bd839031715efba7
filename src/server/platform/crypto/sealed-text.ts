import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Short texts (message bodies) sealed with a firm's data key: AES-256-GCM, a random 96-bit nonce per
 * text, a 16-byte tag, and `firm id ‖ record id` as associated data — so a body copied onto another
 * message or into another firm does not open. Layout: version (1) ‖ nonce (12) ‖ ciphertext ‖ tag (16).
 */
const VERSION = 1;

export class SealedTextError extends Error {
  constructor() {
    super('A sealed text failed authentication (tampered, moved, or the wrong key).');
    this.name = 'SealedTextError';
  }
}

const aad = (firmId: string, recordId: string) => Buffer.from(`${firmId}\u0000${recordId}`, 'utf8');

export function sealText(key: Buffer, firmId: string, recordId: string, text: string): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
  cipher.setAAD(aad(firmId, recordId));
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), nonce, body, cipher.getAuthTag()]);
}

export function openText(key: Buffer, firmId: string, recordId: string, sealed: Buffer): string {
  if (sealed.length < 1 + 12 + 16 || sealed[0] !== VERSION) throw new SealedTextError();
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13), { authTagLength: 16 });
  decipher.setAAD(aad(firmId, recordId));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(13, sealed.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    throw new SealedTextError();
  }
}
