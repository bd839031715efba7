import { useMutation, useQueryClient } from '@tanstack/react-query';
import { firmSettingsSchema } from '../../../../contracts/firms';
import { apiRequest } from '../../../lib/api-client';
import { firmSettingsKey } from './keys';

export function useRemoveFirmLogo() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest('/api/staff/firm/logo', { method: 'DELETE', schema: firmSettingsSchema }),
    onSuccess: (settings) => {
      queryClient.setQueryData(firmSettingsKey, settings);
      void queryClient.invalidateQueries({ queryKey: ['staff', 'session'] });
    },
  });
}
