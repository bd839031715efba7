import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { type createAdjustmentBodySchema, invoiceSchema } from '../../../../contracts/invoices';
import { apiRequest } from '../../../lib/api-client';
import { invoiceKeys } from './keys';
import { setInvoice } from './set-invoice';

export type CreateAdjustmentBody = z.input<typeof createAdjustmentBodySchema>;

/**
 * Issue an adjustment note against an issued invoice (201: the note). The invoice's balance and
 * its list of notes change too, so it is fetched again. 422 when the note is more than is owed.
 */
export function useCreateAdjustment(invoiceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateAdjustmentBody) =>
      apiRequest(`/api/staff/invoices/${encodeURIComponent(invoiceId)}/adjustments`, { method: 'POST', body, schema: invoiceSchema }),
    onSuccess: (note) => {
      setInvoice(queryClient, note);
      void queryClient.invalidateQueries({ queryKey: invoiceKeys.invoice(invoiceId) });
    },
  });
}
