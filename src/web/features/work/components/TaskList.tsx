import { useState } from 'react';
import type { ServiceDetail } from '../../../../contracts/work';
import { Button } from '../../../components/Button';
import { Card } from '../../../components/PageHeader';
import { EmptyState } from '../../../components/States';
import { AddTaskForm } from './AddTaskForm';
import { TaskCard } from './TaskCard';
import type { RenderUploader } from './TaskDocuments';
import './work.css';

/** The service's tasks in order (internal ones marked), and "Add task". `renderUploader` lets staff upload on each task. */
export function TaskList({ service, renderUploader }: { service: ServiceDetail; renderUploader?: RenderUploader }) {
  const [adding, setAdding] = useState(false);
  const tasks = [...service.tasks].sort((a, b) => a.position - b.position);
  return (
    <Card
      title={`Tasks (${tasks.length})`}
      actions={
        adding ? null : (
          <Button size="sm" variant="primary" onPress={() => setAdding(true)}>
            Add task
          </Button>
        )
      }
    >
      <div className="stack">
        {adding ? (
          <div className="add-task-panel">
            <AddTaskForm serviceId={service.id} onDone={() => setAdding(false)} />
          </div>
        ) : null}
        {tasks.length === 0 ? (
          <EmptyState title="No tasks yet">Add the steps of this work with Add task.</EmptyState>
        ) : (
          <ol className="task-list">
            {tasks.map((task) => (
              <li key={task.id}>
                <TaskCard task={task} serviceId={service.id} renderUploader={renderUploader} />
              </li>
            ))}
          </ol>
        )}
      </div>
    </Card>
  );
}
