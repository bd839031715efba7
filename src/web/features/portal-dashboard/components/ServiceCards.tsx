import type { z } from 'zod';
import { Link } from 'react-router';
import type { portalDashboardV2Schema } from '../../../../contracts/work';
import { PersonChip } from '../../../components/Avatar';
import { Badge } from '../../../components/Badge';
import { Disclosure } from '../../../components/Disclosure';
import { ProgressBar } from '../../../components/ProgressBar';
import { formatCalendarDate } from '../../../lib/format';
import './portal-dashboard.css';

type DashboardService = z.infer<typeof portalDashboardV2Schema>['services'][number];

function tasksDoneText(done: number, total: number): string {
  if (total === 0) return 'No tasks yet';
  return `${done} of ${total} ${total === 1 ? 'task' : 'tasks'} done`;
}

/** One service: name (opens it), status in the client's words, due date, team member, progress. */
function ServiceCard({ service }: { service: DashboardService }) {
  const headingId = `service-${service.id}-name`;
  return (
    <li className="portal-service-card">
      <div className="portal-service-card-top">
        <h3 id={headingId} className="portal-service-name">
          <Link to={`/services/${service.id}`} className="portal-service-link">
            {service.name}
          </Link>
        </h3>
        {service.tasksWaitingOnClient > 0 ? <Badge tone="warning">Waiting on You</Badge> : null}
      </div>
      <dl className="portal-service-facts">
        <div>
          <dt>Status</dt>
          <dd>{service.stageClientLabel}</dd>
        </div>
        <div>
          <dt>Due date</dt>
          <dd>{service.dueDate ? formatCalendarDate(service.dueDate) : 'Not set'}</dd>
        </div>
        <div className="portal-service-person">
          <dt>Assigned team member</dt>
          <dd>
            <PersonChip person={service.assignee} nobody="Not assigned yet" />
          </dd>
        </div>
      </dl>
      <ProgressBar label="Progress" value={service.tasksDone} maxValue={service.tasksTotal} valueLabel={tasksDoneText(service.tasksDone, service.tasksTotal)} />
    </li>
  );
}

/** Every service the firm shares with the client; completed ones are folded away but a click opens them. */
export function ServiceCards({ services }: { services: ReadonlyArray<DashboardService> }) {
  const current = services.filter((s) => s.status !== 'completed');
  const completed = services.filter((s) => s.status === 'completed');
  return (
    <div className="stack">
      {current.length === 0 ? (
        <p className="muted">No services in progress right now.</p>
      ) : (
        <ul className="portal-service-grid">
          {current.map((service) => (
            <ServiceCard key={service.id} service={service} />
          ))}
        </ul>
      )}
      {completed.length > 0 ? (
        <Disclosure title={`Completed services (${completed.length})`} headingLevel={3} className="completed-services">
          <ul className="portal-service-grid">
            {completed.map((service) => (
              <ServiceCard key={service.id} service={service} />
            ))}
          </ul>
        </Disclosure>
      ) : null}
    </div>
  );
}
