import { useState } from 'react';
import type { MySession } from '../../../../contracts/profile';
import { Alert } from '../../../components/Alert';
import { Badge } from '../../../components/Badge';
import { Button } from '../../../components/Button';
import { ConfirmActionDialog } from '../../../components/Dialog';
import { ErrorState, LoadingState } from '../../../components/States';
import { useToast } from '../../../components/Toast';
import { formatDateTime } from '../../../lib/format';
import { useTimeZone } from '../../../lib/time-zone';
import type { ProfileScope } from '../api/keys';
import { useEndSessions, useMySessions } from '../api/use-sessions';
import './sessions.css';

/** Profile → "Where you're signed in": my sessions, with "this device" marked; end one or all others. */
export function SessionsSection({ scope }: { scope: ProfileScope }) {
  const sessions = useMySessions(scope);
  const end = useEndSessions(scope);
  const toast = useToast();
  const timeZone = useTimeZone();
  const [target, setTarget] = useState<MySession | 'others' | null>(null);

  if (sessions.isPending) return <LoadingState label="Loading where you’re signed in…" />;
  if (sessions.isError) return <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />;
  const others = sessions.data.items.filter((s) => !s.current);

  return (
    <div className="stack">
      <p className="cell-secondary">
        These are the browsers and devices signed in to your account. If you don’t recognise one, end it and change your password.
      </p>
      <ul className="stack session-list" aria-label="Your sessions">
        {sessions.data.items.map((s) => (
          <li key={s.id} className="row session-row">
            <div>
              <strong>
                {s.browser} on {s.device}
              </strong>{' '}
              {s.current ? <Badge tone="success">This device</Badge> : null}
              <div className="cell-secondary">
                {s.ip ? `IP address ${s.ip} · ` : ''}Signed in {formatDateTime(s.createdAt, timeZone)} · Last seen {formatDateTime(s.lastSeenAt, timeZone)}
              </div>
            </div>
            {s.current ? null : (
              <Button variant="secondary" size="sm" onPress={() => setTarget(s)} aria-label={`End the session on ${s.browser} on ${s.device}`}>
                End
              </Button>
            )}
          </li>
        ))}
      </ul>
      {others.length > 0 ? (
        <div>
          <Button variant="secondary" onPress={() => setTarget('others')}>
            Sign out everywhere else
          </Button>
        </div>
      ) : (
        <Alert tone="info">You’re signed in on this device only.</Alert>
      )}
      <ConfirmActionDialog
        target={target}
        onClose={() => setTarget(null)}
        action={end}
        destructive
        title={target === 'others' ? 'Sign out everywhere else?' : 'End this session?'}
        confirmLabel={target === 'others' ? 'Sign out everywhere else' : 'End session'}
        onConfirm={(t) =>
          end.mutate(t === 'others' ? null : t.id, {
            onSuccess: (r) => {
              setTarget(null);
              toast.show(r.sessionsEnded === 1 ? 'One session was ended.' : `${r.sessionsEnded} sessions were ended.`, 'success');
            },
          })
        }
      >
        {target === 'others'
          ? 'Every other browser and device signed in to your account will be signed out. This one stays signed in.'
          : 'That browser or device will be signed out at once.'}
      </ConfirmActionDialog>
    </div>
  );
}
