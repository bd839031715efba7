import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { type createServiceRequestBodySchema, serviceRequestSchema } from '../../../../contracts/service-requests';
import { apiRequest } from '../../../lib/api-client';
import { portalServiceRequestKeys, portalServiceRequestsUrl } from './keys';

export type CreateServiceRequestBody = z.input<typeof createServiceRequestBodySchema>;

/** The client's Request Service: 201 with the request (Submitted); 400 names the fields, 429 when too many too quickly. */
export function useCreateServiceRequest(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateServiceRequestBody) => apiRequest(portalServiceRequestsUrl(slug), { method: 'POST', body, schema: serviceRequestSchema }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: portalServiceRequestKeys(slug).list }),
  });
}
