import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { messageAttachmentSchema } from '../../../../contracts/messages';
import { uploadFile } from '../../../lib/api-client';
import { type UploadControls, useUploadQueue } from '../../../lib/use-upload-queue';
import { attachmentUploadUrl, type MessagesScope } from './keys';

export type UploadedAttachment = { id: string; fileName: string; sizeBytes: number; contentType: string };

/**
 * Files to attach to a message, uploaded first as the client's documents (the existing upload
 * route), each with progress and Cancel; the message then names them by id. Staff uploads start
 * unshared: sending the message shares them with the client.
 */
export function useAttachmentUploads(scope: MessagesScope, clientId: string) {
  const queryClient = useQueryClient();
  const send = useCallback(
    (file: File, _context: null, controls: UploadControls) =>
      uploadFile(attachmentUploadUrl(scope, clientId), file, {
        fields: scope.kind === 'staff' ? { visibleToClient: 'false' } : {},
        schema: messageAttachmentSchema,
        signal: controls.signal,
        onProgress: controls.onProgress,
      }),
    [scope, clientId],
  );
  return useUploadQueue<null, UploadedAttachment>({
    send,
    concurrency: 2,
    onUploaded: () => {
      // The documents lists of the other features, by key prefix (features do not import each other).
      void queryClient.invalidateQueries({ queryKey: scope.kind === 'staff' ? ['documents', 'client', clientId] : ['portal', scope.slug, 'documents'] });
    },
  });
}
