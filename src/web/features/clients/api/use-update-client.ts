import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type UpdateClientBody, clientSchema } from '../../../../contracts/clients';
import { apiRequest } from '../../../lib/api-client';
import { clientKeys } from './keys';

/** PATCH with the `version` the user started from; someone else's newer edit answers 409. */
export function useUpdateClient(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateClientBody) =>
      apiRequest(`/api/staff/clients/${encodeURIComponent(id)}`, { method: 'PATCH', body, schema: clientSchema }),
    onSuccess: (client) => {
      queryClient.setQueryData(clientKeys.detail(id), client);
      void queryClient.invalidateQueries({ queryKey: [...clientKeys.all, 'list'] });
    },
  });
}
