import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { outboxEmailSchema } from '../../../../contracts/clients';
import { apiRequest } from '../../../lib/api-client';
import { clientKeys } from './keys';

const emailsSchema = z.object({ items: z.array(outboxEmailSchema) });

/** Emails sent (or waiting to be sent) to this client's people; polls while any is still pending. */
export function useClientEmails(clientId: string) {
  return useQuery({
    queryKey: clientKeys.emails(clientId),
    queryFn: ({ signal }) =>
      apiRequest(`/api/staff/clients/${encodeURIComponent(clientId)}/emails`, { schema: emailsSchema, signal }),
    select: (reply) => reply.items,
    refetchInterval: (query) =>
      query.state.data?.items.some((e) => e.status === 'pending' || e.status === 'sending') ? 5000 : false,
  });
}
