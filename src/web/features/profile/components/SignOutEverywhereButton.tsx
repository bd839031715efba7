import { useSignOutUser } from '../api/use-sign-out-user';
import { PersonActionButton } from './PersonActionButton';

/** "Sign out everywhere" for one person, on the Team page and a client's portal users (owners and admins). */
export function SignOutEverywhereButton({ kind, person }: { kind: 'staff' | 'portal'; person: { id: string; name: string } }) {
  return (
    <PersonActionButton
      person={person}
      action={useSignOutUser(kind)}
      label="Sign out everywhere"
      ariaLabel={`Sign ${person.name} out everywhere`}
      title={`Sign ${person.name} out everywhere?`}
      done={(r, p) => (r.sessionsEnded === 0 ? `${p.name} was not signed in anywhere.` : `${p.name} was signed out of ${r.sessionsEnded === 1 ? '1 session' : `${r.sessionsEnded} sessions`}.`)}
    >
      Every browser and device where {person.name} is signed in will be signed out at once. They can sign in again with their password.
    </PersonActionButton>
  );
}
