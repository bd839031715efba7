import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { errorMessage, isApiError } from '../../../lib/api-client';

/** What went wrong with the last change: someone else's newer edit, or the server's reason (409 conflicts and others). */
export function ChangeError({ error, what, onReload, isReloading }: { error: unknown; what: string; onReload: () => void; isReloading: boolean }) {
  if (!error) return null;
  if (isApiError(error) && error.code === 'STALE_VERSION') {
    return (
      <Alert
        tone="error"
        title={`Someone else changed this ${what} while you had it open`}
        actions={
          <Button size="sm" variant="primary" onPress={onReload} isPending={isReloading}>
            Reload
          </Button>
        }
      >
        Your change was not saved. Reload to see their changes, then make yours again.
      </Alert>
    );
  }
  return (
    <Alert tone="error" title="That change was not made">
      {errorMessage(error)}
    </Alert>
  );
}
