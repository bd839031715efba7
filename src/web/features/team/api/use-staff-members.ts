import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { staffMemberSchema } from '../../../../contracts/staff';
import { apiRequest } from '../../../lib/api-client';
import { staffMembersKey } from './keys';

const staffListSchema = z.object({ items: z.array(staffMemberSchema) });

/** Everyone on the firm's team (any role may list; only owners/admins may change). */
export function useStaffMembers() {
  return useQuery({
    queryKey: staffMembersKey,
    queryFn: ({ signal }) => apiRequest('/api/staff/staff', { schema: staffListSchema, signal }),
    select: (reply) => reply.items,
  });
}
