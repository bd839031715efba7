/** Query keys and addresses of the portal's invoices (everything under ['portal', slug, 'invoices']). */
export const portalInvoicesKey = (slug: string) => ['portal', slug, 'invoices'] as const;
export const portalInvoiceKey = (slug: string, id: string) => ['portal', slug, 'invoices', id] as const;

const base = (slug: string) => `/api/portal/${encodeURIComponent(slug)}/invoices`;

export const invoicesUrl = (slug: string) => base(slug);
export const invoiceUrl = (slug: string, id: string) => `${base(slug)}/${encodeURIComponent(id)}`;

/** The invoice as a PDF, always an attachment (the browser saves it). */
export const invoicePdfUrl = (slug: string, id: string) => `${invoiceUrl(slug, id)}/pdf`;
