import { useMutation, useQueryClient } from '@tanstack/react-query';
import { firmSettingsSchema } from '../../../../contracts/firms';
import { apiRequest } from '../../../lib/api-client';
import { firmSettingsKey } from './keys';

/** PNG, JPEG or WebP up to 1 MB, sent as multipart field `logo`. */
export function useUploadFirmLogo() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('logo', file, file.name);
      return apiRequest('/api/staff/firm/logo', { method: 'PUT', body: form, schema: firmSettingsSchema });
    },
    onSuccess: (settings) => {
      queryClient.setQueryData(firmSettingsKey, settings);
      void queryClient.invalidateQueries({ queryKey: ['staff', 'session'] });
    },
  });
}
