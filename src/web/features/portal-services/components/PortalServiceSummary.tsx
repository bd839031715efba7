import type { ServiceDetail } from '../../../../contracts/work';
import { PersonChip } from '../../../components/Avatar';
import { ProgressBar } from '../../../components/ProgressBar';
import { formatCalendarDate } from '../../../lib/format';
import './portal-services.css';

/** Status (in the client's words), due date, team member and progress of one service. */
export function PortalServiceSummary({ service }: { service: ServiceDetail }) {
  const total = service.tasksTotal;
  return (
    <section className="card portal-service-summary" aria-label="Summary">
      <dl className="portal-summary-facts">
        <div>
          <dt>Status</dt>
          <dd>{service.stageClientLabel}</dd>
        </div>
        <div>
          <dt>Due date</dt>
          <dd>{service.dueDate ? formatCalendarDate(service.dueDate) : 'Not set'}</dd>
        </div>
        <div>
          <dt>Assigned team member</dt>
          <dd>
            <PersonChip person={service.assignee} size="md" nobody="Not assigned yet" />
          </dd>
        </div>
      </dl>
      <ProgressBar
        label="Progress"
        value={service.tasksDone}
        maxValue={total}
        valueLabel={total === 0 ? 'No tasks yet' : `${service.tasksDone} of ${total} ${total === 1 ? 'task' : 'tasks'} done`}
      />
    </section>
  );
}
