import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invoiceSchema } from '../../../../contracts/invoices';
import { apiRequest } from '../../../lib/api-client';
import { setInvoice } from './set-invoice';

/** Issue a draft: numbered, dated and frozen. 422 when the firm has no ABN or the total is $0.00. */
export function useIssueInvoice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) =>
      apiRequest(`/api/staff/invoices/${encodeURIComponent(id)}/issue`, { method: 'POST', body: { version }, schema: invoiceSchema }),
    onSuccess: (invoice) => setInvoice(queryClient, invoice),
  });
}
