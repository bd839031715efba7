import { useQuery } from '@tanstack/react-query';
import { invoiceSchema } from '../../../../contracts/invoices';
import { apiRequest } from '../../../lib/api-client';
import { invoiceUrl, portalInvoiceKey } from './keys';

/** How often the invoice is fetched again while a card payment is being confirmed. */
export const CONFIRM_POLL_MS = 3000;

/**
 * One of the client's invoices with its lines (another client's, a draft or a voided one is 404).
 * With `pollUntilPaid` it is fetched again every few seconds until it reads Paid.
 */
export function usePortalInvoice(slug: string, id: string, options: { pollUntilPaid?: boolean } = {}) {
  const poll = options.pollUntilPaid ?? false;
  return useQuery({
    queryKey: portalInvoiceKey(slug, id),
    queryFn: ({ signal }) => apiRequest(invoiceUrl(slug, id), { schema: invoiceSchema, signal }),
    refetchInterval: (query) => (poll && query.state.data?.status !== 'paid' ? CONFIRM_POLL_MS : false),
  });
}
