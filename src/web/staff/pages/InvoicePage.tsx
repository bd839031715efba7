import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { InvoiceDto } from '../../../contracts/invoices';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { PageHeader } from '../../components/PageHeader';
import type { SelectOption } from '../../components/Select';
import { ErrorState, LoadingState } from '../../components/States';
import { useFirmSettings } from '../../features/firm/api/use-firm-settings';
import { useInvoice } from '../../features/invoices/api/use-invoice';
import { InvoiceEditor } from '../../features/invoices/components/InvoiceEditor';
import { InvoiceStatusBadge } from '../../features/invoices/components/InvoiceStatusBadge';
import { InvoiceView } from '../../features/invoices/components/InvoiceView';
import { VoidInvoiceDialog } from '../../features/invoices/components/VoidInvoiceDialog';
import { AboutThreadsCard } from '../../features/messages/components/AboutThreadsCard';
import { useWorkList } from '../../features/work/api/use-work-list';
import { isApiError } from '../../lib/api-client';
import { useDocumentTitle } from '../../lib/use-document-title';
import { ClientPicker } from '../ClientPicker';

const UUID = /^[0-9a-f-]{36}$/i;

const back = (
  <Link to="/app/invoices" className="back-link">
    ← Invoices
  </Link>
);

/** The chosen client's services (the most recent 100), to link invoice lines to; none are fetched without a client. */
function useServiceOptions(clientId: string, enabled = true): SelectOption[] {
  const services = useWorkList({ clientId: clientId || undefined, sort: '-due', pageSize: 100 }, { enabled: enabled && clientId !== '' });
  if (!clientId || !enabled) return [];
  return (services.data?.items ?? []).map((s) => ({ id: s.id, label: s.fyLabel && !s.name.includes(s.fyLabel) ? `${s.name} (${s.fyLabel})` : s.name }));
}

/** The editor with the firm's GST registration and payment terms (the server's rules use the same). */
function DraftEditor({ invoice, initialClientId }: { invoice: InvoiceDto | null; initialClientId: string }) {
  const navigate = useNavigate();
  const firm = useFirmSettings();
  const [clientId, setClientId] = useState(invoice?.client.id ?? initialClientId);
  const [voiding, setVoiding] = useState(false);
  const serviceOptions = useServiceOptions(clientId);
  if (firm.isPending) return <LoadingState label="Loading your firm’s invoice settings…" />;
  if (firm.isError) return <ErrorState error={firm.error} onRetry={() => void firm.refetch()} />;
  return (
    <>
      <InvoiceEditor
        invoice={invoice}
        clientId={clientId}
        renderClientPicker={({ id, error }) => (
          <ClientPicker id={id} label="Client" clientId={clientId} onChange={setClientId} placeholder="Type a client’s name" error={error} />
        )}
        serviceOptions={serviceOptions}
        gstRegistered={firm.data.gstRegistered}
        termsDays={firm.data.invoiceTermsDays}
        onCreated={(created) => void navigate(`/app/invoices/${created.id}`, { replace: true })}
        onIssued={(issued) => void navigate(`/app/invoices/${issued.id}`, { replace: true })}
        actions={
          invoice ? (
            <Button variant="ghost" onPress={() => setVoiding(true)}>
              Void draft
            </Button>
          ) : null
        }
      />
      {invoice ? <VoidInvoiceDialog invoice={invoice} isOpen={voiding} onOpenChange={setVoiding} /> : null}
    </>
  );
}

/** /app/invoices/new?clientId=…: a new draft, for the client given (or chosen here). */
export function NewInvoicePage() {
  useDocumentTitle('New invoice', 'Invoices', 'Ledger Loom');
  const [params] = useSearchParams();
  const clientId = params.get('clientId') ?? '';
  return (
    <div className="stack-lg">
      <PageHeader title="New invoice" eyebrow={back} description="A draft until you issue it: change anything, save it and come back later." />
      <DraftEditor invoice={null} initialClientId={UUID.test(clientId) ? clientId : ''} />
    </div>
  );
}

/** /app/invoices/:invoiceId: a draft opens in the editor; an issued or void invoice (or adjustment note) is shown as it stands. */
export function InvoicePage() {
  const { invoiceId = '' } = useParams();
  const invoice = useInvoice(invoiceId);
  const inv = invoice.data;
  useDocumentTitle(inv ? (inv.number ?? 'Draft invoice') : null, 'Invoices', 'Ledger Loom');
  // An issued invoice with something owing can be adjusted, with lines linked to the client's services.
  const adjustable = inv !== undefined && inv.kind === 'invoice' && inv.status !== 'draft' && inv.status !== 'void' && inv.balanceCents > 0;
  const serviceOptions = useServiceOptions(inv?.client.id ?? '', adjustable);

  if (invoice.isPending) return <LoadingState label="Loading invoice…" />;
  if (invoice.isError) {
    if (isApiError(invoice.error) && (invoice.error.status === 404 || invoice.error.status === 400)) {
      return (
        <>
          <PageHeader title="Invoice not found" eyebrow={back} />
          <Alert tone="error">This invoice doesn't exist, or you don't have access to it.</Alert>
        </>
      );
    }
    return (
      <>
        <PageHeader title="Invoice" eyebrow={back} />
        <ErrorState error={invoice.error} onRetry={() => void invoice.refetch()} />
      </>
    );
  }

  const i = invoice.data;
  const title = i.number ? `${i.kind === 'adjustment_note' ? 'Adjustment note' : 'Invoice'} ${i.number}` : 'Draft invoice';
  return (
    <div className="stack-lg">
      <PageHeader
        title={title}
        eyebrow={back}
        description={
          <span className="invoice-subtitle">
            <Link to={`/app/clients/${i.client.id}`}>{i.client.name}</Link>
            <InvoiceStatusBadge status={i.status} />
          </span>
        }
      />
      {i.status === 'draft' ? <DraftEditor key={i.id} invoice={i} initialClientId={i.client.id} /> : <InvoiceView key={i.id} invoice={i} serviceOptions={serviceOptions} />}
      {/* The portal shows only issued invoices, so a new message cannot be about a draft or a void one. */}
      <AboutThreadsCard
        key={`threads-${i.id}`}
        link={{ kind: 'invoice', id: i.id }}
        aboutLabel={title}
        thisWords={i.kind === 'adjustment_note' ? 'this adjustment note' : 'this invoice'}
        clientId={i.client.id}
        clientName={i.client.name}
        canStart={i.status !== 'draft' && i.status !== 'void'}
        cannotStartReason={`${i.client.name} can’t see ${i.status === 'draft' ? 'a draft' : 'a void invoice'} in the client portal, so a new message can’t be about it.`}
      />
    </div>
  );
}
