import { useState } from 'react';
import { Button } from '../../../components/Button';
import { ConfirmActionDialog } from '../../../components/Dialog';
import { useToast } from '../../../components/Toast';
import { useResetTwoFactor } from '../api/use-sign-out-user';

/** "Reset two-factor" for one person who has it on (a lost phone and lost recovery codes), on the Team page and a client's portal users (owners and admins). */
export function ResetTwoFactorButton({ kind, person }: { kind: 'staff' | 'portal'; person: { id: string; name: string } }) {
  const action = useResetTwoFactor(kind);
  const toast = useToast();
  const [target, setTarget] = useState<{ id: string; name: string } | null>(null);
  return (
    <>
      <Button size="sm" variant="ghost" aria-label={`Reset two-factor sign-in for ${person.name}`} onPress={() => setTarget(person)}>
        Reset two-factor
      </Button>
      <ConfirmActionDialog
        target={target}
        onClose={() => setTarget(null)}
        action={action}
        destructive
        title={`Reset two-factor sign-in for ${person.name}?`}
        confirmLabel="Reset two-factor"
        onConfirm={(p) =>
          action.mutate(p.id, {
            onSuccess: () => {
              setTarget(null);
              toast.show(`Two-factor sign-in was reset for ${p.name}. They have been signed out and emailed.`);
            },
          })
        }
      >
        Do this only when you are sure it is {person.name} asking — for example, they lost their phone and their recovery codes. Their authenticator
        and recovery codes stop working, they are signed out everywhere, and they are emailed. They then sign in with their password and set up
        two-factor sign-in again.
      </ConfirmActionDialog>
    </>
  );
}
