/**
 * Checks a ZIP archive from its central directory, read from the tail of the upload stream: the
 * server never extracts an archive, so the declared entries are what a client's tools would unpack.
 */

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
/** The end-of-central-directory record is 22 bytes plus a comment of up to 65,535. */
export const EOCD_MAX = 22 + 0xffff;

export interface ZipLimits {
  maxEntries: number;
  maxUncompressedBytes: number;
}

/** How many trailing bytes to keep so the whole central directory of an allowed archive is in view. */
export function zipTailBytes(limits: ZipLimits): number {
  return Math.min(EOCD_MAX + limits.maxEntries * 1200, 64 * 1024 * 1024);
}

/** The EOCD record's offset in `tail` when it ends the file exactly (its comment reaches the last byte). */
function findEocd(tail: Buffer): number {
  for (let i = tail.length - 22; i >= 0 && i >= tail.length - EOCD_MAX; i--) {
    if (tail.readUInt32LE(i) === EOCD && i + 22 + tail.readUInt16LE(i + 20) === tail.length) return i;
  }
  return -1;
}

/** True when the bytes end in a ZIP directory: a file of another type that is also an archive is a polyglot. */
export function endsLikeZip(tail: Buffer): boolean {
  return findEocd(tail) >= 0;
}

const fmt = (n: number) => n.toLocaleString('en-AU');

/**
 * null when the archive is acceptable; otherwise the reason, in words for the person uploading.
 * `tail` is the last bytes of the file and `total` the file's size.
 */
export function zipProblem(tail: Buffer, total: number, limits: ZipLimits): string | null {
  const e = findEocd(tail);
  if (e < 0) return 'The file is incomplete or damaged (not a complete ZIP file): its directory is missing.';
  const entries = tail.readUInt16LE(e + 10);
  const cdSize = tail.readUInt32LE(e + 12);
  const cdOffset = tail.readUInt32LE(e + 16);
  if (entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    return 'Very large ZIP files (ZIP64, over 4 GB or 65,535 files) are not accepted. Send the files separately or in smaller archives.';
  }
  if (entries > limits.maxEntries) return `The ZIP file holds ${fmt(entries)} files; at most ${fmt(limits.maxEntries)} are accepted.`;
  const tailStart = total - tail.length;
  const start = cdOffset - tailStart;
  if (start < 0 || start + cdSize > e) {
    // An honest archive's directory sits just before the EOCD record and fits the kept tail for the allowed entry count.
    return 'The ZIP file is damaged or has too many or too long file names to check.';
  }
  let at = start;
  let uncompressed = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > e || tail.readUInt32LE(at) !== CENTRAL) return 'The ZIP file is damaged (its directory is inconsistent).';
    const flags = tail.readUInt16LE(at + 8);
    const size = tail.readUInt32LE(at + 24);
    const nameLength = tail.readUInt16LE(at + 28);
    const extraLength = tail.readUInt16LE(at + 30);
    const commentLength = tail.readUInt16LE(at + 32);
    if (flags & 0x1) return 'Password-protected (encrypted) ZIP files are not accepted: we could not check what is inside. Send the files without a password.';
    if (size === 0xffffffff) return 'Very large ZIP files (ZIP64) are not accepted. Send the files separately or in smaller archives.';
    uncompressed += size;
    if (uncompressed > limits.maxUncompressedBytes) {
      return `The ZIP file unpacks to more than ${fmt(Math.floor(limits.maxUncompressedBytes / 1024 / 1024))} MB, which is more than is accepted.`;
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  return null;
}

/** Keeps the last `size` bytes of a stream without copying on every chunk. */
export class TailKeeper {
  private chunks: Buffer[] = [];
  private length = 0;

  constructor(private readonly size: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
    while (this.chunks.length > 1 && this.length - (this.chunks[0]?.length ?? 0) >= this.size) this.length -= this.chunks.shift()?.length ?? 0;
  }

  tail(): Buffer {
    const all = Buffer.concat(this.chunks, this.length);
    return all.length > this.size ? all.subarray(all.length - this.size) : all;
  }
}
