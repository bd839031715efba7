import { useQuery } from '@tanstack/react-query';
import { invoicePaymentsSchema } from '../../../../contracts/invoices';
import { apiRequest } from '../../../lib/api-client';
import { invoiceKeys } from './keys';

/** The payments recorded against an invoice, and its Pay Now attempts (what eWay answered). */
export function useInvoicePayments(id: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: invoiceKeys.payments(id),
    queryFn: ({ signal }) => apiRequest(`/api/staff/invoices/${encodeURIComponent(id)}/payments`, { schema: invoicePaymentsSchema, signal }),
    enabled: options.enabled ?? true,
    retry: false,
  });
}
