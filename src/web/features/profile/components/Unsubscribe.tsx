import { useEffect, useRef } from 'react';
import { Alert } from '../../../components/Alert';
import { Button, ButtonLink } from '../../../components/Button';
import { LoadingState } from '../../../components/States';
import { useLinkToken } from '../../../lib/link-token';
import { useConfirmUnsubscribe, useInspectUnsubscribe } from '../api/use-unsubscribe';

/**
 * The "Stop these e-mails" page an e-mail's footer link (or List-Unsubscribe) leads to: says what the
 * link stops, and stops it when the person presses the button (opening the page changes nothing).
 */
export function Unsubscribe({ profilePath }: { profilePath: string }) {
  const token = useLinkToken();
  const inspect = useInspectUnsubscribe();
  const confirm = useConfirmUnsubscribe();
  const asked = useRef(false);

  useEffect(() => {
    if (token && !asked.current) {
      asked.current = true;
      inspect.mutate(token);
    }
  }, [token, inspect]);

  if (!token || inspect.isError || confirm.isError) {
    return (
      <div className="stack">
        <Alert tone="error" title="This link is not valid">
          This unsubscribe link is not valid. You can choose which emails you get in your profile.
        </Alert>
        <ButtonLink to={profilePath} variant="secondary" className="btn-block">
          Go to your profile
        </ButtonLink>
      </div>
    );
  }
  if (confirm.isSuccess || inspect.data?.off) {
    const info = confirm.data ?? inspect.data;
    return (
      <div className="stack">
        <Alert tone="success" title="You won’t get these emails any more">
          {info ? `“${info.label}” emails from ${info.firmName} are now off.` : ''} You can turn them back on in your profile at any time. Emails about
          your account’s security are always sent.
        </Alert>
        <ButtonLink to={profilePath} variant="secondary" className="btn-block">
          Go to your profile
        </ButtonLink>
      </div>
    );
  }
  if (!inspect.data) return <LoadingState label="Checking your link…" />;
  return (
    <div className="stack">
      <p>
        Stop getting “{inspect.data.label}” emails from {inspect.data.firmName}? You can turn them back on in your profile.
      </p>
      <Button variant="primary" className="btn-block" isPending={confirm.isPending} onPress={() => confirm.mutate(token)}>
        Stop these emails
      </Button>
    </div>
  );
}
