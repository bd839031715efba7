import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { portalUserSchema } from '../../../../contracts/clients';
import { apiRequest } from '../../../lib/api-client';
import { clientKeys } from './keys';

const portalUsersSchema = z.object({ items: z.array(portalUserSchema) });

export function usePortalUsers(clientId: string) {
  return useQuery({
    queryKey: clientKeys.portalUsers(clientId),
    queryFn: ({ signal }) =>
      apiRequest(`/api/staff/clients/${encodeURIComponent(clientId)}/portal-users`, { schema: portalUsersSchema, signal }),
    select: (reply) => reply.items,
  });
}
