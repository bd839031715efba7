import { type InvoiceDisplayStatus, invoiceStatusLabels } from '../../../../contracts/invoices';
import { Badge } from '../../../components/Badge';
import { invoiceStatusTones } from './invoice-labels';

export function InvoiceStatusBadge({ status }: { status: InvoiceDisplayStatus }) {
  return <Badge tone={invoiceStatusTones[status]}>{invoiceStatusLabels[status]}</Badge>;
}
