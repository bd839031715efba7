import { useQuery } from '@tanstack/react-query';
import { invoiceSchema } from '../../../../contracts/invoices';
import { apiRequest } from '../../../lib/api-client';
import { invoiceKeys } from './keys';

/** One invoice with its lines; the server's totals are the truth. */
export function useInvoice(id: string) {
  return useQuery({
    queryKey: invoiceKeys.invoice(id),
    queryFn: ({ signal }) => apiRequest(`/api/staff/invoices/${encodeURIComponent(id)}`, { schema: invoiceSchema, signal }),
    enabled: id !== '',
  });
}
