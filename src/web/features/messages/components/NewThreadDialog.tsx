import type { ThreadDto } from '../../../../contracts/messages';
import { Modal } from '../../../components/Dialog';
import type { SelectOption } from '../../../components/Select';
import { STAFF_SCOPE } from '../api/keys';
import { NewThreadForm } from './NewThreadForm';

export interface NewThreadDialogProps {
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  clientId: string;
  clientName: string;
  aboutOptions: ReadonlyArray<SelectOption>;
  /** Pre-chosen "About", e.g. "invoice:<id>" when starting from an invoice. */
  defaultAbout?: string;
  defaultSubject?: string;
  onCreated: (thread: ThreadDto) => void;
}

/** Staff start a thread with a client; the client's portal users are e-mailed that a message is waiting. */
export function NewThreadDialog({ isOpen, onOpenChange, clientId, clientName, aboutOptions, defaultAbout, defaultSubject, onCreated }: NewThreadDialogProps) {
  return (
    <Modal isOpen={isOpen} onOpenChange={onOpenChange} title={`New message to ${clientName}`} size="lg" isDismissable={false}>
      <NewThreadForm
        scope={STAFF_SCOPE}
        clientId={clientId}
        aboutOptions={aboutOptions}
        defaultAbout={defaultAbout}
        defaultSubject={defaultSubject}
        onCreated={onCreated}
        onCancel={() => onOpenChange(false)}
      />
    </Modal>
  );
}
