import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { recordPaymentBodySchema } from '../../../../contracts/invoices';
import { apiRequest } from '../../../lib/api-client';
import { invoiceKeys } from './keys';

export type RecordPaymentBody = z.input<typeof recordPaymentBodySchema>;

/** Record money received outside the portal (bank transfer, cash); the invoice's balance and status follow. */
export function useRecordPayment(invoiceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RecordPaymentBody) => apiRequest(`/api/staff/invoices/${encodeURIComponent(invoiceId)}/payments`, { method: 'POST', body }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: invoiceKeys.invoice(invoiceId) });
      void queryClient.invalidateQueries({ queryKey: invoiceKeys.payments(invoiceId) });
      void queryClient.invalidateQueries({ queryKey: invoiceKeys.lists });
      void queryClient.invalidateQueries({ queryKey: invoiceKeys.paymentLists });
    },
  });
}
