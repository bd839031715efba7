import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { type createTaskBodySchema, serviceDetailSchema } from '../../../../contracts/work';
import { apiRequest } from '../../../lib/api-client';
import { setService } from './set-service';

export type CreateTaskBody = z.input<typeof createTaskBodySchema>;

export function useCreateTask(serviceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTaskBody) =>
      apiRequest(`/api/staff/services/${encodeURIComponent(serviceId)}/tasks`, { method: 'POST', body, schema: serviceDetailSchema }),
    onSuccess: (service) => setService(queryClient, service),
  });
}
