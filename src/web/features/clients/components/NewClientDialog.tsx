import type { Client } from '../../../../contracts/clients';
import { Modal } from '../../../components/Dialog';
import type { SelectOption } from '../../../components/Select';
import { useCreateClient } from '../api/use-create-client';
import { ClientForm } from './ClientForm';

export function NewClientDialog({
  isOpen,
  onOpenChange,
  staffOptions,
  onCreated,
}: {
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  staffOptions: ReadonlyArray<SelectOption>;
  onCreated: (client: Client) => void;
}) {
  const create = useCreateClient();
  const close = (open: boolean) => {
    if (!open) create.reset();
    onOpenChange(open);
  };
  return (
    <Modal isOpen={isOpen} onOpenChange={close} title="New client" size="lg" isDismissable={false}>
      <ClientForm
        staffOptions={staffOptions}
        submitLabel="Create client"
        isPending={create.isPending}
        error={create.error}
        onCancel={() => close(false)}
        onSubmit={(body) =>
          create.mutate(body, {
            onSuccess: (client) => {
              close(false);
              onCreated(client);
            },
          })
        }
      />
    </Modal>
  );
}
