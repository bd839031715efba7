import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { type DocumentCategory, type DocumentDto, documentSchema, type UploadLimits } from '../../../../contracts/documents';
import { uploadFile } from '../../../lib/api-client';
import { fileExtension, formatFileSize } from '../../../lib/file-size';
import { type UploadControls, useUploadQueue } from '../../../lib/use-upload-queue';
import { invalidateDocuments } from './invalidate-documents';

/** What a batch of files is sent with: where it belongs and how it is filed. */
export interface UploadTarget {
  taskId?: string | undefined;
  requestId?: string | undefined;
  category: DocumentCategory | null;
  visibleToClient: boolean;
}

/** The same checks the server makes first, so a file that cannot be accepted is never sent. */
export function checkAgainstLimits(limits: UploadLimits | undefined, file: File): string | null {
  if (!limits) return null;
  const ext = fileExtension(file.name);
  const accepted = limits.acceptedExtensions.map((e) => e.toLowerCase());
  if (!accepted.includes(ext) && !(ext === '.zip' && limits.allowZip)) {
    if (ext === '.zip') return 'ZIP files are not accepted by your firm. Send the files inside it instead.';
    return ext ? `${ext.slice(1).toUpperCase()} files are not accepted.` : 'A file needs an extension such as .pdf so we know what it is.';
  }
  if (file.size > limits.maxBytes) return `The file is ${formatFileSize(file.size)}, over the ${formatFileSize(limits.maxBytes)} limit.`;
  if (file.size === 0) return 'The file is empty.';
  return null;
}

/** Files to a client (optionally a task or a document request), several at once, each with progress and Cancel. */
export function useUploadDocuments(clientId: string, limits: UploadLimits | undefined, onUploaded?: (doc: DocumentDto) => void) {
  const queryClient = useQueryClient();
  const send = useCallback(
    (file: File, target: UploadTarget, controls: UploadControls) =>
      uploadFile(`/api/staff/clients/${encodeURIComponent(clientId)}/documents`, file, {
        fields: {
          taskId: target.requestId ? undefined : target.taskId,
          requestId: target.requestId,
          visibleToClient: String(target.visibleToClient),
          category: target.category ?? undefined,
        },
        schema: documentSchema,
        signal: controls.signal,
        onProgress: controls.onProgress,
      }),
    [clientId],
  );
  const check = useCallback((file: File) => checkAgainstLimits(limits, file), [limits]);
  return useUploadQueue<UploadTarget, DocumentDto>({
    send,
    check,
    onUploaded: (doc) => {
      invalidateDocuments(queryClient, clientId);
      onUploaded?.(doc);
    },
  });
}
