import { useMutation } from '@tanstack/react-query';
import { resendInvoiceResponseSchema } from '../../../../contracts/invoices';
import { apiRequest } from '../../../lib/api-client';

/** E-mail an issued invoice or adjustment note to the client's portal users again; 422 when nobody can receive it. */
export function useResendInvoice(id: string) {
  return useMutation({
    mutationFn: () => apiRequest(`/api/staff/invoices/${encodeURIComponent(id)}/resend`, { method: 'POST', schema: resendInvoiceResponseSchema }),
  });
}
