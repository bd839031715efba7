import { useMutation, useQueryClient } from '@tanstack/react-query';
import { firmSettingsSchema, type UpdateFirmBody } from '../../../../contracts/firms';
import { apiRequest } from '../../../lib/api-client';
import { firmSettingsKey } from './keys';

/** Owners/admins only. The staff session carries the firm's name and zone, so it is refreshed too. */
export function useUpdateFirm() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateFirmBody) => apiRequest('/api/staff/firm', { method: 'PATCH', body, schema: firmSettingsSchema }),
    onSuccess: (settings) => {
      queryClient.setQueryData(firmSettingsKey, settings);
      void queryClient.invalidateQueries({ queryKey: ['staff', 'session'] });
    },
  });
}
