import { type FormEvent, useState } from 'react';
import { createTaskBodySchema } from '../../../../contracts/work';
import { Button } from '../../../components/Button';
import { DateField } from '../../../components/DateField';
import { Checkbox } from '../../../components/Checkbox';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { TextField } from '../../../components/TextField';
import { useToast } from '../../../components/Toast';
import { useForm } from '../../../lib/use-form';
import { type CreateTaskBody, useCreateTask } from '../api/use-create-task';

const LABELS = { name: 'Task name', description: 'Description', dueDate: 'Due date' };

/** Add a task to a service (client-visible unless unticked). */
export function AddTaskForm({ serviceId, onDone }: { serviceId: string; onDone: () => void }) {
  const create = useCreateTask(serviceId);
  const toast = useToast();
  const form = useForm({ name: '', description: '', dueDate: '' }, LABELS, create.error);
  const [clientVisible, setClientVisible] = useState(true);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: CreateTaskBody = {
      name: form.values.name,
      description: form.values.description,
      dueDate: form.values.dueDate === '' ? null : form.values.dueDate,
      clientVisible,
    };
    if (!form.validate(createTaskBodySchema, body)) return;
    create.mutate(body, {
      onSuccess: () => {
        toast.show(`Task “${body.name.trim()}” added.`);
        onDone();
      },
    });
  };

  return (
    <form className="form" noValidate onSubmit={submit} aria-label="Add task">
      <FormErrorSummary {...form.summaryProps} />
      <div className="form-grid">
        <TextField {...form.field('name')} label="Task name" isRequired autoFocus />
        <DateField {...form.field('dueDate')} label="Due date" optional />
        <TextField {...form.field('description')} label="Description" optional multiline rows={3} className="span-2" description="What needs doing. Client-visible tasks show this to the client." />
      </div>
      <Checkbox isSelected={clientVisible} onChange={setClientVisible} description="Untick for internal work: the client never sees internal tasks, not even as a count.">
        Visible to the client
      </Checkbox>
      <div className="form-actions form-actions-end">
        <Button variant="secondary" onPress={onDone} isDisabled={create.isPending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" isPending={create.isPending}>
          Add task
        </Button>
      </div>
    </form>
  );
}
