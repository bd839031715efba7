import { useState } from 'react';
import { Button } from '../../../components/Button';
import { ConfirmActionDialog } from '../../../components/Dialog';
import { useToast } from '../../../components/Toast';
import { useSignOutUser } from '../api/use-sign-out-user';

/** "Sign out everywhere" for one person, on the Team page and a client's portal users (owners and admins). */
export function SignOutEverywhereButton({ kind, person }: { kind: 'staff' | 'portal'; person: { id: string; name: string } }) {
  const action = useSignOutUser(kind);
  const toast = useToast();
  const [target, setTarget] = useState<{ id: string; name: string } | null>(null);
  return (
    <>
      <Button size="sm" variant="ghost" aria-label={`Sign ${person.name} out everywhere`} onPress={() => setTarget(person)}>
        Sign out everywhere
      </Button>
      <ConfirmActionDialog
        target={target}
        onClose={() => setTarget(null)}
        action={action}
        destructive
        title={`Sign ${person.name} out everywhere?`}
        confirmLabel="Sign out everywhere"
        onConfirm={(p) =>
          action.mutate(p.id, {
            onSuccess: (r) => {
              setTarget(null);
              toast.show(r.sessionsEnded === 0 ? `${p.name} was not signed in anywhere.` : `${p.name} was signed out of ${r.sessionsEnded === 1 ? '1 session' : `${r.sessionsEnded} sessions`}.`);
            },
          })
        }
      >
        Every browser and device where {person.name} is signed in will be signed out at once. They can sign in again with their password.
      </ConfirmActionDialog>
    </>
  );
}
