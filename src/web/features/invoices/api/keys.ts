import type { InvoiceListFilters } from './use-invoices';
import type { PaymentListFilters } from './use-payments';

export const invoiceKeys = {
  all: ['invoices'] as const,
  lists: ['invoices', 'list'] as const,
  list: (filters: InvoiceListFilters) => ['invoices', 'list', filters] as const,
  invoice: (id: string) => ['invoices', 'invoice', id] as const,
  payments: (id: string) => ['invoices', 'payments', id] as const,
  /** The firm's payments list (every page and filter). */
  paymentLists: ['invoices', 'payment-list'] as const,
  paymentList: (filters: PaymentListFilters) => ['invoices', 'payment-list', filters] as const,
};

/** The PDF of an invoice (the server renders it; a draft's PDF says DRAFT). */
export const invoicePdfUrl = (id: string) => `/api/staff/invoices/${encodeURIComponent(id)}/pdf`;
