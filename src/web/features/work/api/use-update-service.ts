import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { serviceDetailSchema, type updateServiceBodySchema } from '../../../../contracts/work';
import { apiRequest } from '../../../lib/api-client';
import { setService } from './set-service';

export type UpdateServiceBody = z.input<typeof updateServiceBodySchema>;

/** PATCH with the version on screen; someone else's newer change answers 409 STALE_VERSION and nothing changes. */
export function useUpdateService(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateServiceBody) =>
      apiRequest(`/api/staff/services/${encodeURIComponent(id)}`, { method: 'PATCH', body, schema: serviceDetailSchema }),
    onSuccess: (service) => setService(queryClient, service),
  });
}
