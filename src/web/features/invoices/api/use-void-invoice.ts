import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invoiceSchema } from '../../../../contracts/invoices';
import { apiRequest } from '../../../lib/api-client';
import { setInvoice } from './set-invoice';

/** Void an invoice (or a draft) with a reason; 409 when it has payments. */
export function useVoidInvoice(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { version: number; reason: string }) =>
      apiRequest(`/api/staff/invoices/${encodeURIComponent(id)}/void`, { method: 'POST', body, schema: invoiceSchema }),
    onSuccess: (invoice) => setInvoice(queryClient, invoice),
  });
}
