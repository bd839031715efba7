import type { QueryClient } from '@tanstack/react-query';
import type { InvoiceDto } from '../../../../contracts/invoices';
import { invoiceKeys } from './keys';

/** After any change: the invoice as the server answered it, and every list (totals, statuses) fetched again. */
export function setInvoice(queryClient: QueryClient, invoice: InvoiceDto): void {
  queryClient.setQueryData(invoiceKeys.invoice(invoice.id), invoice);
  void queryClient.invalidateQueries({ queryKey: invoiceKeys.lists });
}
