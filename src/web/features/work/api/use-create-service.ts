import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type CreateServiceBody, serviceDetailSchema } from '../../../../contracts/work';
import { apiRequest } from '../../../lib/api-client';
import { workKeys } from './keys';
import { setService } from './set-service';

export function useCreateService() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateServiceBody) => apiRequest('/api/staff/services', { method: 'POST', body, schema: serviceDetailSchema }),
    onSuccess: (service) => {
      setService(queryClient, service);
      if (service.recurringPlanId) void queryClient.invalidateQueries({ queryKey: workKeys.plans(service.clientId) });
    },
  });
}
