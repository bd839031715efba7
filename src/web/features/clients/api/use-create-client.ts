import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type CreateClientBody, clientSchema } from '../../../../contracts/clients';
import { apiRequest } from '../../../lib/api-client';
import { clientKeys } from './keys';

export function useCreateClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateClientBody) => apiRequest('/api/staff/clients', { method: 'POST', body, schema: clientSchema }),
    onSuccess: (client) => {
      queryClient.setQueryData(clientKeys.detail(client.id), client);
      void queryClient.invalidateQueries({ queryKey: [...clientKeys.all, 'list'] });
    },
  });
}
