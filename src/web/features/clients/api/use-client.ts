import { useQuery } from '@tanstack/react-query';
import { clientSchema } from '../../../../contracts/clients';
import { apiRequest } from '../../../lib/api-client';
import { clientKeys } from './keys';

export function useClient(id: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    enabled,
    queryKey: clientKeys.detail(id),
    queryFn: ({ signal }) => apiRequest(`/api/staff/clients/${encodeURIComponent(id)}`, { schema: clientSchema, signal }),
  });
}
