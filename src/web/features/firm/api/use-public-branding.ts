import { useQuery } from '@tanstack/react-query';
import { publicBrandingSchema } from '../../../../contracts/firms';
import { apiRequest } from '../../../lib/api-client';
import { publicBrandingKey } from './keys';

/** A firm's public face for its portal: name, logo, colours, support contacts (404: no such firm). */
export function usePublicBranding(slug: string) {
  return useQuery({
    queryKey: publicBrandingKey(slug),
    queryFn: ({ signal }) =>
      apiRequest(`/api/public/firms/${encodeURIComponent(slug)}`, { schema: publicBrandingSchema, signal, sessionRequired: false }),
    staleTime: 10 * 60_000,
  });
}
