import { Link } from 'react-router';
import { formatMoney } from '../../../lib/format';
import { usePortalInvoices } from '../api/use-portal-invoices';
import { isPayable } from './invoice-words';
import './portal-invoices.css';

/** On the dashboard: how many invoices are still to pay and how much, linking to Invoices. Nothing when none are (or they did not load). */
export function UnpaidInvoicesNotice({ slug }: { slug: string }) {
  const invoices = usePortalInvoices(slug);
  const owing = (invoices.data ?? []).filter(isPayable);
  if (owing.length === 0) return null;
  const overdue = owing.filter((i) => i.status === 'overdue').length;
  const total = owing.reduce((sum, i) => sum + i.balanceCents, 0);
  return (
    <section className="unpaid-invoices" aria-labelledby="unpaid-invoices-title" data-overdue={overdue > 0 || undefined}>
      <h2 id="unpaid-invoices-title" className="unpaid-invoices-title">
        Invoices to pay
      </h2>
      <p>
        You have {owing.length} unpaid {owing.length === 1 ? 'invoice' : 'invoices'} totalling {formatMoney(total)}
        {overdue > 0 ? `, ${overdue} overdue` : ''}.
      </p>
      <p>
        <Link to="/invoices" className="unpaid-invoices-link">
          View invoices and Pay Now
        </Link>
      </p>
    </section>
  );
}
