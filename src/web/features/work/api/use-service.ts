import { useQuery } from '@tanstack/react-query';
import { serviceDetailSchema } from '../../../../contracts/work';
import { apiRequest } from '../../../lib/api-client';
import { workKeys } from './keys';

/**
 * A service with every task (internal ones too), questions and the client's answers. While a task
 * waits on the client it is fetched again every 30 s, so answers appear as they come in.
 */
export function useService(id: string) {
  return useQuery({
    queryKey: workKeys.service(id),
    queryFn: ({ signal }) => apiRequest(`/api/staff/services/${encodeURIComponent(id)}`, { schema: serviceDetailSchema, signal }),
    refetchInterval: (query) => (query.state.data?.tasks.some((t) => t.status === 'waiting_on_client') ? 30_000 : false),
  });
}
