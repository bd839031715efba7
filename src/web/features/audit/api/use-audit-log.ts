import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { pageOf } from '../../../../contracts/common';
import { auditEntrySchema } from '../../../../contracts/staff';
import { apiRequest } from '../../../lib/api-client';

const auditPageSchema = pageOf(auditEntrySchema);

/** Owners/admins only: the firm's append-only audit trail, newest first. */
export function useAuditLog(page: number) {
  return useQuery({
    queryKey: ['audit', page],
    queryFn: ({ signal }) => apiRequest('/api/staff/audit', { query: { page }, schema: auditPageSchema, signal }),
    placeholderData: keepPreviousData,
  });
}
