import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import type { bulkServicesBodySchema } from '../../../../contracts/work';
import { apiRequest } from '../../../lib/api-client';
import { workKeys } from './keys';

export type BulkServicesBody = z.input<typeof bulkServicesBodySchema>;
const replySchema = z.object({ updated: z.number().int() });

/** Assign or change the stage of many services; the server checks every id first, and one bad id changes nothing. */
export function useBulkUpdateServices() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkServicesBody) => apiRequest('/api/staff/services/bulk', { method: 'POST', body, schema: replySchema }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: workKeys.all }),
  });
}
