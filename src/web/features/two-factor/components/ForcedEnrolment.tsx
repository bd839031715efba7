import { useQueryClient } from '@tanstack/react-query';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { Card } from '../../../components/PageHeader';
import { useDocumentTitle } from '../../../lib/use-document-title';
import type { ProfileScope } from '../../profile/api/keys';
import { useTwoFactorStatus } from '../api/use-two-factor';
import { TwoFactorSection } from './TwoFactorSection';

/**
 * Shown instead of the app when the firm requires two-factor sign-in and the person has not set it
 * up (the server refuses everything but profile, session and sign-out meanwhile).
 */
export function ForcedEnrolment({ scope, onSignOut, product }: { scope: ProfileScope; onSignOut: () => void; product: string }) {
  useDocumentTitle('Set up two-factor sign-in', product);
  const status = useTwoFactorStatus(scope);
  const queryClient = useQueryClient();
  return (
    <main className="auth-page" id="main">
      <div className="stack-lg">
        <h1>Set up two-factor sign-in</h1>
        <Alert tone="info">Your firm requires two-factor sign-in. Set it up now to continue.</Alert>
        <Card title="Two-factor sign-in">
          <TwoFactorSection scope={scope} />
        </Card>
        <div className="form-actions">
          {status.data?.enabled ? (
            <Button variant="primary" onPress={() => void queryClient.invalidateQueries({ queryKey: scope.sessionKey, exact: true })}>
              Continue
            </Button>
          ) : null}
          <Button onPress={onSignOut}>Sign out</Button>
        </div>
      </div>
    </main>
  );
}
