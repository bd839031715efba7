import type { InvoiceListFilters } from './use-invoices';

export const invoiceKeys = {
  all: ['invoices'] as const,
  lists: ['invoices', 'list'] as const,
  list: (filters: InvoiceListFilters) => ['invoices', 'list', filters] as const,
  invoice: (id: string) => ['invoices', 'invoice', id] as const,
  payments: (id: string) => ['invoices', 'payments', id] as const,
};

/** The PDF of an invoice (the server renders it; a draft's PDF says DRAFT). */
export const invoicePdfUrl = (id: string) => `/api/staff/invoices/${encodeURIComponent(id)}/pdf`;
