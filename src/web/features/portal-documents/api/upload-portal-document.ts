import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { type PortalDocumentDto, portalDocumentSchema } from '../../../../contracts/documents';
import { type UploadProgress, uploadFile } from '../../../lib/api-client';
import { documentsUploadUrl, portalDocumentsKey } from './keys';

/** Where an upload goes: a document request (which implies its task), a task, or neither (the Documents area). */
export interface UploadTarget {
  taskId?: string | undefined;
  requestId?: string | undefined;
}

export interface StartUpload {
  (file: File, options: { target: UploadTarget; signal: AbortSignal; onProgress: (p: UploadProgress) => void }): Promise<PortalDocumentDto>;
}

/**
 * Sends one file to the firm. After each success the documents list, the services (a request's tick,
 * a task that is no longer Waiting on You) and the dashboard's Action required are fetched again.
 */
export function useUploadPortalDocument(slug: string): StartUpload {
  const queryClient = useQueryClient();
  return useCallback<StartUpload>(
    async (file, { target, signal, onProgress }) => {
      const doc = await uploadFile(documentsUploadUrl(slug), file, {
        fields: { taskId: target.requestId ? undefined : target.taskId, requestId: target.requestId },
        schema: portalDocumentSchema,
        signal,
        onProgress,
      });
      void queryClient.invalidateQueries({ queryKey: portalDocumentsKey(slug) });
      // Other features' queries, by key prefix (features do not import each other).
      void queryClient.invalidateQueries({ queryKey: ['portal', slug, 'services'] });
      void queryClient.invalidateQueries({ queryKey: ['portal', slug, 'dashboard'] });
      return doc;
    },
    [queryClient, slug],
  );
}
