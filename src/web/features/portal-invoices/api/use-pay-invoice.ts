import { useMutation, useQueryClient } from '@tanstack/react-query';
import { payNowResponseSchema } from '../../../../contracts/invoices';
import { ApiError, apiRequest } from '../../../lib/api-client';
import { invoiceUrl, portalInvoicesKey } from './keys';

/**
 * Only http(s) addresses are followed: the reply names eWay's payment page (or the development
 * emulator), never script. Anything else is treated as a failed start rather than navigated to.
 */
export function safeRedirectUrl(redirectUrl: string, here: string): string | null {
  try {
    const url = new URL(redirectUrl, here);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Pay Now: asks the server to start a card payment for the invoice's balance and answers where to
 * send the browser. The caller navigates (and keeps the button disabled while the page unloads).
 */
export function usePayInvoice(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (invoiceId: string) => {
      const reply = await apiRequest(`${invoiceUrl(slug, invoiceId)}/pay`, { method: 'POST', schema: payNowResponseSchema });
      const target = safeRedirectUrl(reply.redirectUrl, window.location.href);
      if (!target) {
        throw new ApiError({ status: 502, code: 'UNEXPECTED_REPLY', title: 'We couldn’t open the secure payment page. Try again in a moment.' });
      }
      return target;
    },
    onError: (error) => {
      // "Already paid" means what the page shows is out of date: fetch it again.
      if (error instanceof ApiError && error.status === 409) void queryClient.invalidateQueries({ queryKey: portalInvoicesKey(slug) });
    },
  });
}
