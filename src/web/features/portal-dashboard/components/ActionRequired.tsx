import type { z } from 'zod';
import { Link } from 'react-router';
import type { portalDashboardV2Schema } from '../../../../contracts/work';
import { formatCalendarDate } from '../../../lib/format';
import './portal-dashboard.css';

type ActionRequiredData = z.infer<typeof portalDashboardV2Schema>['actionRequired'];

/** The first thing a client sees: how many tasks are Waiting on You, each linking to its task; or a calm all-clear. */
export function ActionRequired({ actionRequired }: { actionRequired: ActionRequiredData }) {
  const { count, tasks } = actionRequired;
  return (
    <section className="action-required" data-attention={count > 0 || undefined} aria-labelledby="action-required-title">
      <h2 id="action-required-title" className="action-required-title">
        Action required
      </h2>
      {count === 0 ? (
        <p className="action-required-calm">
          <span className="action-required-check" aria-hidden="true">
            ✓
          </span>
          Nothing needs your attention right now.
        </p>
      ) : (
        <>
          <p className="action-required-count">
            You have {count} {count === 1 ? 'task' : 'tasks'} waiting on you
          </p>
          <ul className="action-required-list">
            {tasks.map((task) => (
              <li key={task.id}>
                <Link to={`/services/${task.serviceId}#task-${task.id}`} className="action-required-link">
                  {task.name}
                </Link>
                <span className="action-required-meta">
                  {task.serviceName}
                  {task.dueDate ? ` · Due ${formatCalendarDate(task.dueDate)}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
