import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { paymentListSchema } from '../../../../contracts/invoices';
import { apiRequest } from '../../../lib/api-client';
import { invoiceKeys } from './keys';

export interface PaymentListFilters {
  clientId?: string | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

/** One page of the payments received across the firm (or from one client), newest first. */
export function usePayments(filters: PaymentListFilters) {
  return useQuery({
    queryKey: invoiceKeys.paymentList(filters),
    queryFn: ({ signal }) =>
      apiRequest('/api/staff/payments', { query: { clientId: filters.clientId, page: filters.page, pageSize: filters.pageSize }, schema: paymentListSchema, signal }),
    placeholderData: keepPreviousData,
  });
}
