import { acceptedTypesSentence, type UploadLimits } from '../../../../contracts/documents';
import { isApiError } from '../../../lib/api-client';
import { fileExtension, formatFileSize } from '../../../lib/file-size';

/** The picker's accept= list: the server's accepted extensions (".zip" among them only where the firm allows it). */
export function acceptList(limits: UploadLimits): string[] {
  const list = limits.acceptedExtensions.map((e) => (e.startsWith('.') ? e.toLowerCase() : `.${e.toLowerCase()}`));
  if (limits.allowZip && !list.includes('.zip')) list.push('.zip');
  return list;
}

/** "PDF, images (…), … and documents (…)", plus ZIP archives where the firm allows them. */
export function acceptedTypesText(limits: UploadLimits): string {
  return limits.allowZip ? `${acceptedTypesSentence}, and ZIP archives` : acceptedTypesSentence;
}

/**
 * Why a file would be refused, checked before anything is sent (the server checks again, and also
 * looks inside the file): too big, empty, or a type that is not accepted. Null when it may go.
 */
export function precheckFile(file: { name: string; size: number }, limits: UploadLimits): string | null {
  const ext = fileExtension(file.name);
  if (!acceptList(limits).includes(ext)) {
    const what = ext ? `${ext.slice(1).toUpperCase()} files are` : 'Files without an extension (like .pdf) are';
    return `${what} not accepted. You can upload ${acceptedTypesText(limits)}.`;
  }
  if (file.size === 0) return 'The file is empty. Check that it opens on your device, then choose it again.';
  if (file.size > limits.maxBytes) {
    return `The file is ${formatFileSize(file.size)}; the limit is ${formatFileSize(limits.maxBytes)} per file. Make it smaller (for example, scan at a lower resolution or split it), then upload it again.`;
  }
  return null;
}

/** The server's refusal in words a person can act on; the server's own detail when it gave one. */
export function uploadErrorMessage(error: unknown, limits: UploadLimits | undefined): string {
  if (!isApiError(error)) return 'The upload did not finish. Check your internet connection and try again.';
  const fromServer = error.errors.find((e) => e.path === 'file')?.message ?? error.detail;
  switch (error.status) {
    case 413:
      return limits ? `The file is larger than the ${formatFileSize(limits.maxBytes)} limit. Make it smaller or split it, then upload it again.` : 'The file is larger than the upload limit. Make it smaller or split it, then upload it again.';
    case 422:
      return fromServer ?? `This file was not accepted. You can upload ${limits ? acceptedTypesText(limits) : acceptedTypesSentence}.`;
    case 409:
      return fromServer ?? 'This task is no longer taking uploads. You can still send the file from the Documents page, or ask your accountant.';
    case 401:
      return 'Your session has ended. Sign in again, then upload the file again.';
    default:
      return error.userMessage;
  }
}
