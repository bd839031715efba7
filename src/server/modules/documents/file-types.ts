import { AppError } from '../../platform/errors.js';

/**
 * Which files are accepted (issue 4 "Rules for files"): decided from the leading bytes AND the
 * extension agreeing, and — for PDF, JPEG, PNG and ZIP-based types — from how the file ends
 * (endingProblem, checked on the tail kept while streaming). Anything else is refused with a 422
 * naming the reason.
 */

/** How many leading bytes the sniffer wants before it decides. */
export const SNIFF_BYTES = 4096;

const MAX_NAME = 200;

/** A stored display name: NFC, no control/format characters or path separators, ≤200 code points, extension kept. */
export function cleanFileName(raw: string): string {
  let name = raw.normalize('NFC');
  name = name.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '');
  name = name.replace(/[\\/:*?"<>|]/g, '_');
  name = name.replace(/\s+/gu, ' ').trim().replace(/^[.\s]+|[.\s]+$/gu, '');
  const chars = [...name];
  if (chars.length > MAX_NAME) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 ? [...name.slice(dot)] : [];
    const keepExt = ext.length > 0 && ext.length <= 10 ? ext : [];
    name = chars.slice(0, MAX_NAME - keepExt.length).join('').trimEnd() + keepExt.join('');
  }
  return name === '' ? 'file' : name;
}

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

const startsWith = (head: Buffer, bytes: number[] | string, at = 0) => {
  const b = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
  return head.length >= at + b.length && head.subarray(at, at + b.length).equals(b);
};

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const isHeif = (h: Buffer) => startsWith(h, 'ftyp', 4) && ['heic', 'heix', 'mif1'].includes(h.subarray(8, 12).toString('latin1'));

/** Extension → content type and the check its leading bytes must pass. */
const TYPES: Record<string, { contentType: string; matches: (head: Buffer) => boolean }> = {
  pdf: { contentType: 'application/pdf', matches: (h) => startsWith(h, '%PDF-') },
  png: { contentType: 'image/png', matches: (h) => startsWith(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  jpg: { contentType: 'image/jpeg', matches: (h) => startsWith(h, [0xff, 0xd8, 0xff]) },
  jpeg: { contentType: 'image/jpeg', matches: (h) => startsWith(h, [0xff, 0xd8, 0xff]) },
  gif: { contentType: 'image/gif', matches: (h) => startsWith(h, 'GIF87a') || startsWith(h, 'GIF89a') },
  webp: { contentType: 'image/webp', matches: (h) => startsWith(h, 'RIFF') && startsWith(h, 'WEBP', 8) },
  tif: { contentType: 'image/tiff', matches: (h) => startsWith(h, [0x49, 0x49, 0x2a, 0x00]) || startsWith(h, [0x4d, 0x4d, 0x00, 0x2a]) },
  tiff: { contentType: 'image/tiff', matches: (h) => startsWith(h, [0x49, 0x49, 0x2a, 0x00]) || startsWith(h, [0x4d, 0x4d, 0x00, 0x2a]) },
  heic: { contentType: 'image/heic', matches: isHeif },
  heif: { contentType: 'image/heif', matches: isHeif },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', matches: (h) => startsWith(h, ZIP) },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', matches: (h) => startsWith(h, ZIP) },
  ods: { contentType: 'application/vnd.oasis.opendocument.spreadsheet', matches: (h) => startsWith(h, ZIP) },
  odt: { contentType: 'application/vnd.oasis.opendocument.text', matches: (h) => startsWith(h, ZIP) },
  xls: { contentType: 'application/vnd.ms-excel', matches: (h) => startsWith(h, OLE) },
  doc: { contentType: 'application/msword', matches: (h) => startsWith(h, OLE) },
  csv: { contentType: 'text/csv; charset=utf-8', matches: () => true },
  txt: { contentType: 'text/plain; charset=utf-8', matches: () => true },
};

const TEXT_EXTENSIONS = new Set(['csv', 'txt']);
const MARKUP_EXTENSIONS = new Set(['html', 'htm', 'xhtml', 'shtml', 'svg', 'svgz', 'xml', 'mht', 'mhtml']);
const SCRIPT_EXTENSIONS = new Set(['js', 'mjs', 'cjs', 'vbs', 'vbe', 'ps1', 'sh', 'bat', 'cmd', 'hta', 'wsf', 'jar', 'py', 'php']);
const EXECUTABLE_EXTENSIONS = new Set(['exe', 'dll', 'msi', 'scr', 'com', 'app', 'elf', 'so', 'dmg', 'apk']);

export const ACCEPTED = 'PDF, JPEG, PNG, HEIC, GIF, TIFF, WebP, CSV, TXT, XLSX, XLS, DOCX, DOC, ODT or ODS';

const refuse = (reason: string) => new AppError('UNPROCESSABLE', reason, { errors: [{ path: 'file', message: reason }] });

/** Markup a browser might run, looked for in the first 1 KB. */
function looksLikeMarkup(head: Buffer): boolean {
  const text = head.subarray(0, 1024).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').toLowerCase();
  return text.trimStart().startsWith('<') || /<script|<svg|<html|<!doctype html|<iframe|<object/.test(text);
}

/** Valid UTF-8 (a multi-byte character cut at the end of `head` is allowed) without NUL. */
function isUtf8Text(head: Buffer): boolean {
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

export interface SniffResult {
  contentType: string;
  /** Text types must stay valid UTF-8 without NUL to the end (checked while streaming). */
  isText: boolean;
  /** A ZIP archive: its directory is checked at the end of the stream (zip-inspect.ts). */
  isZip: boolean;
  /** Office and OpenDocument files are ZIP containers themselves; any other type ending in a ZIP directory is a polyglot. */
  zipContainer: boolean;
  /**
   * How the file must end to be complete, checked on the kept tail once the whole file has streamed
   * (a file is otherwise judged by its head only): see endingProblem. null for types without a check.
   */
  ending: Ending | null;
  /** The type's name in refusals ("PDF", "DOCX", …). */
  label: string;
}

export type Ending = 'pdf' | 'jpeg' | 'png' | 'zip';

/** The PDF spec wants `%%EOF` on the last line; readers search the last 1024 bytes, so trailing bytes after it are tolerated. */
export const PDF_EOF_WINDOW = 1024;
/** The 12 bytes of a PNG's IEND chunk: length 0, type, CRC. */
const PNG_IEND = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/**
 * null when `tail` (the last bytes of the whole file, at least PDF_EOF_WINDOW of them when the file is
 * that long) ends the way a complete file of this kind ends. ZIP endings are checked in zip-inspect.ts.
 */
export function endingProblem(ending: Ending | null, tail: Buffer, label: string): AppError | null {
  const ok = (() => {
    switch (ending) {
      case 'pdf':
        return tail.subarray(Math.max(0, tail.length - PDF_EOF_WINDOW)).includes('%%EOF', 0, 'latin1');
      case 'jpeg': {
        // The EOI marker FF D9, possibly followed by NUL padding (some scanners and cameras pad).
        let end = tail.length;
        while (end > 0 && tail[end - 1] === 0) end--;
        return end >= 4 && tail[end - 2] === 0xff && tail[end - 1] === 0xd9;
      }
      case 'png':
        return tail.length >= PNG_IEND.length + 8 && tail.subarray(tail.length - PNG_IEND.length).equals(PNG_IEND);
      default:
        return true;
    }
  })();
  return ok ? null : incompleteRefusal(label);
}

export const incompleteRefusal = (label: string) => refuse(`The file is incomplete or damaged (not a complete ${label} file). Check that it opens on your computer, then upload it again.`);

/** Types whose bytes may be shown inline, only through the sandboxed preview. */
export const PREVIEWABLE = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** Markup inside a binary type's head: an image or PDF that is also a web page (a polyglot). */
function hidesMarkup(head: Buffer): boolean {
  return /<script|<html|<svg|<iframe|<!doctype html/i.test(head.toString('latin1'));
}

/** Decides from the first bytes of the file (up to SNIFF_BYTES) and its cleaned name; throws a 422 AppError. */
export function sniffFile(head: Buffer, fileName: string, opts: { allowZip: boolean } = { allowZip: false }): SniffResult {
  if (head.length === 0) throw refuse('The file is empty.');
  const ext = extensionOf(fileName);
  if (ext === 'zip') {
    if (!opts.allowZip) throw refuse(`ZIP files are not accepted by this firm. Upload the files themselves (${ACCEPTED}).`);
    if (!startsWith(head, ZIP) && !startsWith(head, [0x50, 0x4b, 0x05, 0x06])) throw refuse('The file’s contents do not match its .zip extension.');
    return { contentType: 'application/zip', isText: false, isZip: true, zipContainer: true, ending: 'zip', label: 'ZIP' };
  }
  if (startsWith(head, 'MZ') || startsWith(head, [0x7f, 0x45, 0x4c, 0x46]) || EXECUTABLE_EXTENSIONS.has(ext)) throw refuse('Programs (executable files) are not accepted.');
  if (SCRIPT_EXTENSIONS.has(ext)) throw refuse('Scripts are not accepted.');
  if (MARKUP_EXTENSIONS.has(ext)) throw refuse(`${ext === 'svg' || ext === 'svgz' ? 'SVG images' : 'Web pages (HTML/XML)'} are not accepted.`);
  const type = TYPES[ext];
  if (!type) throw refuse(ext ? `.${ext} files are not accepted. Upload a ${ACCEPTED} file.` : `The file name has no extension. Upload a ${ACCEPTED} file.`);
  if (TEXT_EXTENSIONS.has(ext)) {
    if (looksLikeMarkup(head)) throw refuse('The file contains HTML, SVG or script markup, which is not accepted.');
    if (!isUtf8Text(head)) throw refuse(`The file is not plain UTF-8 text, so it does not match its .${ext} extension.`);
    return { contentType: type.contentType, isText: true, isZip: false, zipContainer: false, ending: null, label: ext.toUpperCase() };
  }
  if (!type.matches(head)) {
    if (looksLikeMarkup(head)) throw refuse(`The file contains HTML, SVG or script markup, not a real .${ext} file.`);
    throw refuse(`The file’s contents do not match its .${ext} extension.`);
  }
  if (hidesMarkup(head)) throw refuse(`The file is a .${ext} file with HTML or script markup hidden inside it, which is not accepted.`);
  const zipContainer = startsWith(head, ZIP);
  const ending: Ending | null = zipContainer ? 'zip' : ext === 'pdf' ? 'pdf' : ext === 'png' ? 'png' : ext === 'jpg' || ext === 'jpeg' ? 'jpeg' : null;
  return { contentType: type.contentType, isText: false, isZip: false, zipContainer, ending, label: ext === 'jpg' ? 'JPEG' : ext.toUpperCase() };
}

export const polyglotRefusal = (ext: string) => refuse(`The file is a .${ext} file with a ZIP archive hidden at its end, which is not accepted.`);
export const zipRefusal = refuse;

/** RFC 6266 / RFC 8187 Content-Disposition for a download (or, for the sandboxed preview, inline). */
export function attachmentDisposition(fileName: string, kind: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
