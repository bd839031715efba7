import { useQuery } from '@tanstack/react-query';
import { uploadLimitsSchema } from '../../../../contracts/documents';
import { apiRequest } from '../../../lib/api-client';
import { documentKeys } from './keys';

/** The firm's upload limit and accepted types, shown before anyone picks a file and checked before sending. */
export function useUploadLimits() {
  return useQuery({
    queryKey: documentKeys.limits,
    queryFn: ({ signal }) => apiRequest('/api/staff/upload-limits', { schema: uploadLimitsSchema, signal }),
    staleTime: 5 * 60_000,
  });
}
