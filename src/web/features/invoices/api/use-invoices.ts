import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type InvoiceDisplayStatus, invoiceListSchema } from '../../../../contracts/invoices';
import { apiRequest } from '../../../lib/api-client';
import { invoiceKeys } from './keys';

/** Every filter is optional; dates are issue dates, yyyy-mm-dd. */
export interface InvoiceListFilters {
  status?: InvoiceDisplayStatus | undefined;
  clientId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

/** One page of invoices, with the firm's outstanding and overdue totals (those ignore the filters). */
export function useInvoices(filters: InvoiceListFilters) {
  return useQuery({
    queryKey: invoiceKeys.list(filters),
    queryFn: ({ signal }) =>
      apiRequest('/api/staff/invoices', {
        query: { status: filters.status, clientId: filters.clientId, from: filters.from, to: filters.to, page: filters.page, pageSize: filters.pageSize },
        schema: invoiceListSchema,
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}
