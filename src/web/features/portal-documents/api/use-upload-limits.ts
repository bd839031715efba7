import { useQuery } from '@tanstack/react-query';
import { uploadLimitsSchema } from '../../../../contracts/documents';
import { apiRequest } from '../../../lib/api-client';
import { uploadLimitsKey } from './keys';

/** The firm's upload limit and accepted types, shown before anyone picks a file and checked before sending. */
export function useUploadLimits(slug: string) {
  return useQuery({
    queryKey: uploadLimitsKey(slug),
    queryFn: ({ signal }) => apiRequest(`/api/portal/${encodeURIComponent(slug)}/upload-limits`, { schema: uploadLimitsSchema, signal }),
    staleTime: 5 * 60_000,
  });
}
