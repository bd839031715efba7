import { type InvoiceDisplayStatus, invoiceDisplayStatuses, invoiceStatusLabels, type PaymentDto } from '../../../../contracts/invoices';
import type { BadgeTone } from '../../../components/Badge';
import type { SelectOption } from '../../../components/Select';

export const invoiceStatusTones: Record<InvoiceDisplayStatus, BadgeTone> = {
  draft: 'neutral',
  unpaid: 'info',
  partially_paid: 'warning',
  overdue: 'danger',
  paid: 'success',
  credited: 'neutral',
  issued: 'neutral',
  void: 'neutral',
};

export const invoiceStatusOptions: SelectOption<InvoiceDisplayStatus>[] = invoiceDisplayStatuses.map((s) => ({ id: s, label: invoiceStatusLabels[s] }));

export const paymentMethodLabels: Record<PaymentDto['method'], string> = {
  card: 'Card (Pay Now)',
  bank_transfer: 'Bank transfer',
  cash: 'Cash',
  other: 'Other',
};

export const attemptStatusLabels = {
  pending: 'Pending',
  succeeded: 'Succeeded',
  declined: 'Declined',
  failed: 'Failed',
  cancelled: 'Cancelled',
  expired: 'Expired',
} as const;

export const gstOptions: SelectOption<'taxable' | 'gst_free'>[] = [
  { id: 'taxable', label: 'Taxable 10%' },
  { id: 'gst_free', label: 'GST-free' },
];

export const priceModeOptions = [
  { id: 'exclusive', label: 'Amounts exclude GST' },
  { id: 'inclusive', label: 'Amounts include GST' },
];
