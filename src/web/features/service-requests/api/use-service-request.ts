import { useQuery } from '@tanstack/react-query';
import { serviceRequestSchema } from '../../../../contracts/service-requests';
import { apiRequest } from '../../../lib/api-client';
import { serviceRequestKeys, staffServiceRequestUrl } from './keys';

/** One request with its description, attachments and what has been decided. */
export function useServiceRequest(id: string) {
  return useQuery({
    queryKey: serviceRequestKeys.request(id),
    queryFn: ({ signal }) => apiRequest(staffServiceRequestUrl(id), { schema: serviceRequestSchema, signal }),
    enabled: id !== '',
  });
}
