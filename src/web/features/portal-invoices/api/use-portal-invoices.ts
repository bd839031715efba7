import { useQuery } from '@tanstack/react-query';
import { portalInvoiceListSchema } from '../../../../contracts/invoices';
import { apiRequest } from '../../../lib/api-client';
import { invoicesUrl, portalInvoicesKey } from './keys';

/** Every issued invoice of the firm for the signed-in client, newest first. */
export function usePortalInvoices(slug: string) {
  return useQuery({
    queryKey: portalInvoicesKey(slug),
    queryFn: ({ signal }) => apiRequest(invoicesUrl(slug), { schema: portalInvoiceListSchema, signal }),
    select: (reply) => reply.items,
  });
}
