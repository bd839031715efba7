import { type FormEvent, useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { TextField } from '../../../components/TextField';
import { errorMessage } from '../../../lib/api-client';
import { useSigningOtp } from '../api/use-link-signing';

/** Before signing from a link, when the firm asks for it: a 6-digit code e-mailed to the signer. */
export function SigningOtpStep({ firmName }: { firmName: string }) {
  const { send, verify } = useSigningOtp();
  const [code, setCode] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!verify.isPending) verify.mutate(code.trim());
  };
  return (
    <section className="card signing-form-card" aria-labelledby="signing-otp-title">
      <h2 id="signing-otp-title" className="card-title">
        Confirm it’s you
      </h2>
      <div className="stack">
        <p>{firmName} asks for a one-time code before you sign. We’ll e-mail a 6-digit code to you; it works for 10 minutes.</p>
        {send.data ? <p role="status">We sent a code to {send.data.sentTo}.</p> : null}
        {send.isError ? <Alert tone="error">{errorMessage(send.error)}</Alert> : null}
        <div>
          <Button variant={send.data ? 'secondary' : 'primary'} onPress={() => send.mutate()} isPending={send.isPending}>
            {send.data ? 'Send a new code' : 'E-mail me a code'}
          </Button>
        </div>
        {send.data ? (
          <form className="form" noValidate onSubmit={submit}>
            <TextField label="6-digit code" value={code} onChange={setCode} inputMode="numeric" autoComplete="one-time-code" maxLength={6} error={verify.isError ? errorMessage(verify.error) : undefined} />
            <div>
              <Button type="submit" variant="primary" isPending={verify.isPending}>
                Confirm code
              </Button>
            </div>
          </form>
        ) : null}
      </div>
    </section>
  );
}
