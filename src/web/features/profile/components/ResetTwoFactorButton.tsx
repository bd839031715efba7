import { useRefreshPeople, useResetTwoFactor } from '../api/use-sign-out-user';
import { PersonActionButton } from './PersonActionButton';

/** "Reset two-factor" for one person who has it on (a lost phone and lost recovery codes), on the Team page and a client's portal users (owners and admins). */
export function ResetTwoFactorButton({ kind, person }: { kind: 'staff' | 'portal'; person: { id: string; name: string } }) {
  return (
    <PersonActionButton
      person={person}
      action={useResetTwoFactor(kind)}
      label="Reset two-factor"
      ariaLabel={`Reset two-factor sign-in for ${person.name}`}
      title={`Reset two-factor sign-in for ${person.name}?`}
      done={(_r, p) => `Two-factor sign-in was reset for ${p.name}. They have been signed out and emailed.`}
      afterDone={useRefreshPeople(kind)}
    >
      Do this only when you are sure it is {person.name} asking — for example, they lost their phone and their recovery codes. Their authenticator
      and recovery codes stop working, they are signed out everywhere, and they are emailed. They then sign in with their password and set up
      two-factor sign-in again.
    </PersonActionButton>
  );
}
