import { useQuery } from '@tanstack/react-query';
import { profileSchema } from '../../../../contracts/profile';
import { apiRequest } from '../../../lib/api-client';
import { profileKey, type ProfileScope } from './keys';

export function useProfile(scope: ProfileScope) {
  return useQuery({ queryKey: profileKey(scope), queryFn: () => apiRequest(`${scope.apiBase}/profile`, { schema: profileSchema }) });
}
