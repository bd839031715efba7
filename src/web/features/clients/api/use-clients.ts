import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { clientSchema } from '../../../../contracts/clients';
import { pageOf } from '../../../../contracts/common';
import { apiRequest } from '../../../lib/api-client';
import { clientKeys } from './keys';

const clientPageSchema = pageOf(clientSchema);

/** One page of the firm's clients, optionally filtered by `q` (name, ABN, email…). */
export function useClients({ q, page, pageSize = 25 }: { q: string; page: number; pageSize?: number }) {
  return useQuery({
    queryKey: clientKeys.list(q, page, pageSize),
    queryFn: ({ signal }) =>
      apiRequest('/api/staff/clients', { query: { q: q || undefined, page, pageSize }, schema: clientPageSchema, signal }),
    placeholderData: keepPreviousData,
  });
}
