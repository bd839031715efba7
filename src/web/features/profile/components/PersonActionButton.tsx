import { useState, type ReactNode } from 'react';
import { Button } from '../../../components/Button';
import { ConfirmActionDialog } from '../../../components/Dialog';
import { useToast } from '../../../components/Toast';

interface Person {
  id: string;
  name: string;
}

export interface PersonActionButtonProps<R> {
  person: Person;
  /** The button's text and the dialog's confirm button. */
  label: string;
  /** The button's accessible name, naming the person. */
  ariaLabel: string;
  title: string;
  /** What will happen, in the dialog. */
  children: ReactNode;
  action: { mutate: (id: string, o: { onSuccess: (r: R) => void }) => void; isPending: boolean; error: unknown; reset: () => void };
  /** The toast once done. */
  done: (result: R, person: Person) => string;
  /** After the toast (e.g. refresh a list, which may remove this button). */
  afterDone?: () => void;
}

/** A destructive action on one person (owners and admins, on the Team page and a client's portal users): a button, a confirmation, a toast. */
export function PersonActionButton<R>({ person, label, ariaLabel, title, children, action, done, afterDone }: PersonActionButtonProps<R>) {
  const toast = useToast();
  const [target, setTarget] = useState<Person | null>(null);
  return (
    <>
      <Button size="sm" variant="ghost" aria-label={ariaLabel} onPress={() => setTarget(person)}>
        {label}
      </Button>
      <ConfirmActionDialog
        target={target}
        onClose={() => setTarget(null)}
        action={action}
        destructive
        title={title}
        confirmLabel={label}
        onConfirm={(p) =>
          action.mutate(p.id, {
            onSuccess: (r) => {
              setTarget(null);
              toast.show(done(r, p));
              afterDone?.();
            },
          })
        }
      >
        {children}
      </ConfirmActionDialog>
    </>
  );
}
