import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { recurringPlanSchema } from '../../../../contracts/work';
import { apiRequest } from '../../../lib/api-client';
import { workKeys } from './keys';

const plansSchema = z.object({ items: z.array(recurringPlanSchema) });

/** A client's recurring services (active first). */
export function useRecurringPlans(clientId: string) {
  return useQuery({
    queryKey: workKeys.plans(clientId),
    queryFn: ({ signal }) => apiRequest(`/api/staff/clients/${encodeURIComponent(clientId)}/recurring-services`, { schema: plansSchema, signal }),
    select: (reply) => reply.items,
  });
}

/** Stop or resume a recurring service. */
export function useSetPlanActive(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ planId, active }: { planId: string; active: boolean }) =>
      apiRequest(`/api/staff/recurring-services/${encodeURIComponent(planId)}`, { method: 'PATCH', body: { active }, schema: recurringPlanSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: workKeys.plans(clientId) }),
  });
}
