import { useEffect, useRef } from 'react';
import { Alert } from '../../../components/Alert';
import { ButtonLink } from '../../../components/Button';
import { LoadingState } from '../../../components/States';
import { useLinkToken } from '../../../lib/link-token';
import { useConfirmEmailChange } from '../api/use-confirm-email-change';

/** The link from the new address's inbox: confirms once, then says what happened. */
export function ConfirmEmailChange({ continueTo }: { continueTo: string }) {
  const token = useLinkToken();
  const confirm = useConfirmEmailChange();
  const sent = useRef(false);

  useEffect(() => {
    if (token && !sent.current) {
      sent.current = true;
      confirm.mutate(token);
    }
  }, [token, confirm]);

  if (confirm.isSuccess) {
    return (
      <div className="stack">
        <Alert tone="success" title="Your email address has been changed">
          From now on, sign in and receive emails at {confirm.data.email}.
        </Alert>
        <ButtonLink to={continueTo} variant="primary" className="btn-block">
          Continue
        </ButtonLink>
      </div>
    );
  }
  if (!token || confirm.isError) {
    return (
      <div className="stack">
        <Alert tone="error" title="This link can’t be used">
          {confirm.error && 'status' in confirm.error && confirm.error.status === 409
            ? 'That email address is now used by another account, so it was not changed.'
            : 'This link has expired, has already been used or is not valid. Ask for a new one from your profile.'}
        </Alert>
        <ButtonLink to={continueTo} variant="secondary" className="btn-block">
          Continue
        </ButtonLink>
      </div>
    );
  }
  return <LoadingState label="Confirming your new email address…" />;
}
