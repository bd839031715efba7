import { Link, useNavigate, useSearchParams } from 'react-router';
import type { SelectOption } from '../../components/Select';
import { portalScope, threadPath } from '../../features/messages/api/keys';
import { NewThreadForm } from '../../features/messages/components/NewThreadForm';
import { aboutValue } from '../../features/messages/components/thread-words';
import { usePortalDashboard } from '../../features/portal-dashboard/api/use-portal-dashboard';
import { usePortalInvoices } from '../../features/portal-invoices/api/use-portal-invoices';
import { LoadingState } from '../../components/States';
import { formatMoney } from '../../lib/format';
import { useDocumentTitle } from '../../lib/use-document-title';
import { usePortal, useSignedInClient } from '../portal-context';

/** New message: a new thread with the firm, optionally about one of the client's services or invoices (?about=invoice:<id> or service:<id>). */
export function NewMessagePage() {
  const { slug, branding } = usePortal();
  const session = useSignedInClient();
  useDocumentTitle('New message', branding.displayName);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const about = params.get('about') ?? 'none';
  const dashboard = usePortalDashboard(slug);
  const invoices = usePortalInvoices(slug);

  const options: SelectOption[] = [
    { id: 'none', label: 'Nothing in particular' },
    ...(dashboard.data?.services ?? []).map((s) => ({ id: aboutValue('service', s.id), label: s.name, description: 'Service' })),
    ...(invoices.data ?? []).flatMap((i) => (i.number ? [{ id: aboutValue('invoice', i.id), label: `Invoice ${i.number}`, description: formatMoney(i.totalCents) }] : [])),
  ];
  // Coming from an invoice or a service, the subject starts as its name.
  const invoiceNumber = invoices.data?.find((i) => aboutValue('invoice', i.id) === about)?.number;
  const serviceName = dashboard.data?.services.find((s) => aboutValue('service', s.id) === about)?.name;
  const subject = invoiceNumber ? `Invoice ${invoiceNumber}` : (serviceName ?? '');
  // Coming from an invoice, the choice waits until the invoices are here to be chosen from.
  const waiting = about !== 'none' && (dashboard.isPending || invoices.isPending);

  return (
    <div className="stack-lg">
      <header className="portal-page-header">
        <div className="page-header-eyebrow">
          <Link to="/messages" className="back-link">
            ← Messages
          </Link>
        </div>
        <h1>New message</h1>
        <p className="muted">Starts a new thread with {branding.displayName}. You'll get an email when they reply.</p>
      </header>
      <section className="card card-body new-message-card" aria-label="Your message">
        {waiting ? (
          <LoadingState label="Loading…" />
        ) : (
          <NewThreadForm
            scope={portalScope(slug)}
            clientId={session.client.id}
            aboutOptions={options}
            defaultAbout={about}
            defaultSubject={subject}
            onCreated={(thread) => void navigate(threadPath(portalScope(slug), thread.id), { replace: true })}
            onCancel={() => void navigate('/messages')}
          />
        )}
      </section>
    </div>
  );
}
