import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { clientTypeLabels } from '../../../contracts/clients';
import { Alert } from '../../components/Alert';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/States';
import { Tabs } from '../../components/Tabs';
import { useToast } from '../../components/Toast';
import { useClient } from '../../features/clients/api/use-client';
import { ClientDetailsCard } from '../../features/clients/components/ClientDetailsCard';
import { ClientEmailsPanel } from '../../features/clients/components/ClientEmailsPanel';
import { PortalUsersPanel } from '../../features/clients/components/PortalUsersPanel';
import { DocumentsPanel } from '../../features/documents/components/DocumentsPanel';
import { useInvoices } from '../../features/invoices/api/use-invoices';
import { ClientInvoicesPanel } from '../../features/invoices/components/ClientInvoicesPanel';
import { ClientThreadsPanel } from '../../features/messages/components/ClientThreadsPanel';
import { ClientProposalsPanel } from '../../features/proposals/components/ClientProposalsPanel';
import { aboutValue } from '../../features/messages/components/thread-words';
import { useWorkList } from '../../features/work/api/use-work-list';
import { ClientServicesPanel } from '../../features/work/components/ClientServicesPanel';
import { isApiError } from '../../lib/api-client';
import { formatAbn } from '../../lib/format';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useAssigneeOptions } from '../use-assignee-options';
import { useSignedInStaff } from '../session-context';

const TABS = ['portal-users', 'services', 'proposals', 'documents', 'invoices', 'messages', 'emails'] as const;

export function ClientPage() {
  const { clientId = '' } = useParams();
  const client = useClient(clientId);
  const assignees = useAssigneeOptions();
  const session = useSignedInStaff();
  const navigate = useNavigate();
  const toast = useToast();
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((t) => t === params.get('tab')) ?? 'portal-users';
  // The Documents filter offers the client's services (the most recent 100 is plenty for one client).
  const services = useWorkList({ clientId, sort: '-due', pageSize: 100 });
  const serviceOptions = (services.data?.items ?? []).map((s) => ({ id: s.id, label: s.fyLabel && !s.name.includes(s.fyLabel) ? `${s.name} (${s.fyLabel})` : s.name }));
  // A new message may be about one of the client's services or issued invoices.
  const invoices = useInvoices({ clientId, pageSize: 100 });
  const aboutOptions = [
    { id: 'none', label: 'Nothing in particular' },
    ...serviceOptions.map((s) => ({ id: aboutValue('service', s.id), label: s.label, description: 'Service' })),
    ...(invoices.data?.items ?? []).flatMap((i) => (i.number ? [{ id: aboutValue('invoice', i.id), label: `Invoice ${i.number}` }] : [])),
  ];
  useDocumentTitle(client.data?.name, 'Clients', 'Ledger Loom');

  const back = (
    <Link to="/app/clients" className="back-link">
      ← All clients
    </Link>
  );

  if (client.isPending) return <LoadingState label="Loading client…" />;
  if (client.isError) {
    if (isApiError(client.error) && client.error.status === 404) {
      return (
        <>
          <PageHeader title="Client not found" eyebrow={back} />
          <Alert tone="error">This client doesn't exist, or you don't have access to it.</Alert>
        </>
      );
    }
    return (
      <>
        <PageHeader title="Client" eyebrow={back} />
        <ErrorState error={client.error} onRetry={() => void client.refetch()} />
      </>
    );
  }

  const c = client.data;
  const summary = [clientTypeLabels[c.type], c.abn ? `ABN ${formatAbn(c.abn)}` : null].filter(Boolean).join(' · ');

  return (
    <div className="stack-lg">
      <PageHeader title={c.name} description={summary} eyebrow={back} />
      <ClientDetailsCard client={c} staffOptions={assignees} />
      <Tabs
        label="Client sections"
        selectedKey={tab}
        onSelectionChange={(key) =>
          setParams(
            (prev) => {
              const next = new URLSearchParams(prev);
              if (key === 'portal-users') next.delete('tab');
              else next.set('tab', key);
              return next;
            },
            { replace: true },
          )
        }
        items={[
          { id: 'portal-users', label: `Portal users (${c.portalUserCount})`, content: <PortalUsersPanel clientId={c.id} clientName={c.name} /> },
          {
            id: 'services',
            label: 'Services',
            content: (
              <ClientServicesPanel
                clientId={c.id}
                clientName={c.name}
                staffOptions={assignees}
                defaultAssigneeId={c.assignedStaffId ?? session.user.id}
                onCreated={(service) => {
                  toast.show(`${service.name} created.`);
                  void navigate(`/app/services/${service.id}`);
                }}
              />
            ),
          },
          { id: 'proposals', label: 'Proposals', content: <ClientProposalsPanel clientId={c.id} clientName={c.name} /> },
          { id: 'documents', label: 'Documents', content: <DocumentsPanel clientId={c.id} clientName={c.name} serviceOptions={serviceOptions} /> },
          { id: 'invoices', label: 'Invoices', content: <ClientInvoicesPanel clientId={c.id} clientName={c.name} /> },
          { id: 'messages', label: 'Messages', content: <ClientThreadsPanel clientId={c.id} clientName={c.name} aboutOptions={aboutOptions} /> },
          { id: 'emails', label: 'Emails', content: <ClientEmailsPanel clientId={c.id} /> },
        ]}
      />
    </div>
  );
}
