import { useState } from 'react';
import type { ServiceDetail } from '../../../../contracts/work';
import { Button } from '../../../components/Button';
import { Card } from '../../../components/PageHeader';
import { Pagination } from '../../../components/Pagination';
import type { SelectOption } from '../../../components/Select';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { useWorkList } from '../api/use-work-list';
import { NewServiceDialog } from './NewServiceDialog';
import { RecurringPlansList } from './RecurringPlansList';
import { WorkTable } from './WorkTable';

const PAGE_SIZE = 25;

export interface ClientServicesPanelProps {
  clientId: string;
  clientName: string;
  staffOptions: ReadonlyArray<SelectOption>;
  /** Who a new service is assigned to unless changed (e.g. the client's own team member). */
  defaultAssigneeId: string | null;
  onCreated: (service: ServiceDetail) => void;
}

/** Every service for one client (any status), and "New service". */
export function ClientServicesPanel({ clientId, clientName, staffOptions, defaultAssigneeId, onCreated }: ClientServicesPanelProps) {
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const services = useWorkList({ clientId, sort: 'due', page, pageSize: PAGE_SIZE });
  return (
    <Card
      title="Services"
      className="card-flush"
      actions={
        <Button variant="primary" size="sm" onPress={() => setCreating(true)}>
          New service
        </Button>
      }
    >
      {services.isPending ? (
        <LoadingState label="Loading services…" />
      ) : services.isError ? (
        <div className="card-body">
          <ErrorState error={services.error} onRetry={() => void services.refetch()} />
        </div>
      ) : services.data.total === 0 ? (
        <EmptyState title="No services yet">
          Start the work you do for {clientName} with New service: BAS, tax returns, bookkeeping and more.
        </EmptyState>
      ) : (
        <>
          <WorkTable services={services.data.items} showClient={false} emptyMessage="No services." label={`Services for ${clientName}`} />
          <Pagination page={services.data.page} pageSize={services.data.pageSize} total={services.data.total} onPageChange={setPage} noun="services" />
        </>
      )}
      <RecurringPlansList clientId={clientId} />
      <NewServiceDialog
        isOpen={creating}
        onOpenChange={setCreating}
        clientId={clientId}
        clientName={clientName}
        staffOptions={staffOptions}
        defaultAssigneeId={defaultAssigneeId}
        onCreated={onCreated}
      />
    </Card>
  );
}
