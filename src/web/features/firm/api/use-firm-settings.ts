import { useQuery } from '@tanstack/react-query';
import { firmSettingsSchema } from '../../../../contracts/firms';
import { apiRequest } from '../../../lib/api-client';
import { firmSettingsKey } from './keys';

export function useFirmSettings() {
  return useQuery({
    queryKey: firmSettingsKey,
    queryFn: ({ signal }) => apiRequest('/api/staff/firm', { schema: firmSettingsSchema, signal }),
  });
}
