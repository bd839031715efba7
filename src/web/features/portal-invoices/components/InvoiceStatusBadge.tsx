import type { InvoiceDisplayStatus } from '../../../../contracts/invoices';
import { Badge } from '../../../components/Badge';
import { statusLabel, statusTone } from './invoice-words';

/** Unpaid, Paid or Overdue. */
export function InvoiceStatusBadge({ status }: { status: InvoiceDisplayStatus }) {
  return <Badge tone={statusTone(status)}>{statusLabel(status)}</Badge>;
}
