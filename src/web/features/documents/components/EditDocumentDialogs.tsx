import { type FormEvent, useState } from 'react';
import type { DocumentDto } from '../../../../contracts/documents';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { DialogFooter, Modal } from '../../../components/Dialog';
import { Select } from '../../../components/Select';
import { TextField } from '../../../components/TextField';
import { useToast } from '../../../components/Toast';
import { errorMessage } from '../../../lib/api-client';
import { fileExtension } from '../../../lib/file-size';
import { useUpdateDocument } from '../api/use-update-document';
import { type CategoryChoice, categoryOptions, NO_CATEGORY, toCategory } from './document-labels';

function RenameForm({ doc, onClose }: { doc: DocumentDto; onClose: () => void }) {
  const update = useUpdateDocument();
  const toast = useToast();
  const [name, setName] = useState(doc.fileName);
  const [error, setError] = useState<string | undefined>();
  const ext = fileExtension(doc.fileName);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const fileName = name.trim();
    if (fileName === '') return setError('Enter a file name.');
    if (fileName.length > 200) return setError('A file name can be at most 200 characters.');
    setError(undefined);
    update.mutate(
      { id: doc.id, body: { fileName } },
      {
        onSuccess: (saved) => {
          toast.show(`Renamed to ${saved.fileName}.`);
          onClose();
        },
      },
    );
  };

  return (
    <form className="form" noValidate onSubmit={submit} aria-label={`Rename ${doc.fileName}`}>
      <TextField
        label="File name"
        value={name}
        onChange={setName}
        isRequired
        autoFocus
        error={error}
        description={ext ? `Keep ${ext} at the end so the file still opens.` : undefined}
      />
      {update.error ? <Alert tone="error">{errorMessage(update.error)}</Alert> : null}
      <DialogFooter>
        <Button variant="secondary" onPress={onClose} isDisabled={update.isPending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" isPending={update.isPending}>
          Rename
        </Button>
      </DialogFooter>
    </form>
  );
}

function CategoriseForm({ doc, onClose }: { doc: DocumentDto; onClose: () => void }) {
  const update = useUpdateDocument();
  const toast = useToast();
  const [choice, setChoice] = useState<CategoryChoice>(doc.category ?? NO_CATEGORY);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const category = toCategory(choice);
    update.mutate(
      { id: doc.id, body: { category } },
      {
        onSuccess: (saved) => {
          toast.show(saved.category ? `${saved.fileName} filed under ${saved.category}.` : `${saved.fileName} has no category now.`);
          onClose();
        },
      },
    );
  };

  return (
    <form className="form" noValidate onSubmit={submit} aria-label={`Categorise ${doc.fileName}`}>
      <Select label="Category" options={categoryOptions} value={choice} onChange={setChoice} description="The client sees the category too when the document is shared." />
      {update.error ? <Alert tone="error">{errorMessage(update.error)}</Alert> : null}
      <DialogFooter>
        <Button variant="secondary" onPress={onClose} isDisabled={update.isPending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" isPending={update.isPending}>
          Save category
        </Button>
      </DialogFooter>
    </form>
  );
}

export type EditMode = 'rename' | 'categorise';

/** Rename or categorise one document (the form mounts afresh each time, so it starts from the saved values). */
export function EditDocumentDialog({ edit, onClose }: { edit: { doc: DocumentDto; mode: EditMode } | null; onClose: () => void }) {
  const title = edit ? (edit.mode === 'rename' ? `Rename ${edit.doc.fileName}` : `Categorise ${edit.doc.fileName}`) : '';
  return (
    <Modal isOpen={edit !== null} onOpenChange={(open) => (open ? undefined : onClose())} title={title} size="sm">
      {edit?.mode === 'rename' ? <RenameForm doc={edit.doc} onClose={onClose} /> : null}
      {edit?.mode === 'categorise' ? <CategoriseForm doc={edit.doc} onClose={onClose} /> : null}
    </Modal>
  );
}
