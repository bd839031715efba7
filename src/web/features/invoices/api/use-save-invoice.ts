import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { type CreateInvoiceBody, invoiceSchema, type updateInvoiceBodySchema } from '../../../../contracts/invoices';
import { apiRequest } from '../../../lib/api-client';
import { setInvoice } from './set-invoice';

export type UpdateInvoiceBody = z.input<typeof updateInvoiceBodySchema>;

/** POST a new draft (201). */
export function useCreateInvoice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateInvoiceBody) => apiRequest('/api/staff/invoices', { method: 'POST', body, schema: invoiceSchema }),
    onSuccess: (invoice) => setInvoice(queryClient, invoice),
  });
}

/** PATCH a draft with the version on screen; an issued invoice or someone else's newer change answers 409. */
export function useUpdateInvoice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateInvoiceBody }) =>
      apiRequest(`/api/staff/invoices/${encodeURIComponent(id)}`, { method: 'PATCH', body, schema: invoiceSchema }),
    onSuccess: (invoice) => setInvoice(queryClient, invoice),
  });
}
