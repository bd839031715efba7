import { type FormEvent, useState } from 'react';
import { confirmTwoFactorBodySchema, twoFactorReauthBodySchema, type TwoFactorEnrolment } from '../../../../contracts/two-factor';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { ErrorState, LoadingState } from '../../../components/States';
import { TextField } from '../../../components/TextField';
import { useToast } from '../../../components/Toast';
import { useForm } from '../../../lib/use-form';
import type { ProfileScope } from '../../profile/api/keys';
import { useConfirmTwoFactor, useDisableTwoFactor, useRegenerateRecoveryCodes, useStartTwoFactor, useTwoFactorStatus } from '../api/use-two-factor';
import { QrCode } from './QrCode';
import { RecoveryCodes } from './RecoveryCodes';
import './two-factor.css';

/** The manual key in groups of four, as authenticator apps show it. */
const grouped = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();

function EnrolForm({ scope, enrolment, onConfirmed }: { scope: ProfileScope; enrolment: TwoFactorEnrolment; onConfirmed: (codes: string[]) => void }) {
  const confirm = useConfirmTwoFactor(scope);
  const form = useForm({ code: '' }, { code: 'Code from your app' }, confirm.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!form.validate(confirmTwoFactorBodySchema, form.values)) return;
    confirm.mutate({ code: form.values.code.trim() }, { onSuccess: (r) => onConfirmed(r.recoveryCodes) });
  };
  return (
    <div className="stack">
      <ol className="stack-sm">
        <li>Open an authenticator app on your phone (Google Authenticator, Microsoft Authenticator, 1Password, …).</li>
        <li>Scan this QR code, or type the key below.</li>
        <li>Enter the 6-digit code the app shows.</li>
      </ol>
      <QrCode value={enrolment.otpauthUri} label="QR code to add Ledger Loom to your authenticator app" />
      <p>
        Can’t scan it? Enter this key: <code className="manual-key" data-testid="manual-key">{grouped(enrolment.secret)}</code>
      </p>
      <form className="form" noValidate onSubmit={submit} aria-label="Confirm two-factor sign-in">
        <FormErrorSummary {...form.summaryProps} />
        <TextField {...form.field('code')} label="Code from your app" inputMode="numeric" autoComplete="one-time-code" isRequired />
        <div>
          <Button type="submit" variant="primary" isPending={confirm.isPending}>
            Turn on two-factor sign-in
          </Button>
        </div>
      </form>
    </div>
  );
}

function ReauthForm({ scope, mode, onDone }: { scope: ProfileScope; mode: 'disable' | 'regenerate'; onDone: (codes?: string[]) => void }) {
  const disable = useDisableTwoFactor(scope);
  const regenerate = useRegenerateRecoveryCodes(scope);
  const action = mode === 'disable' ? disable : regenerate;
  const form = useForm({ currentPassword: '', code: '' }, { currentPassword: 'Current password', code: 'Code from your app or a recovery code' }, action.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!form.validate(twoFactorReauthBodySchema, form.values)) return;
    const body = { currentPassword: form.values.currentPassword, code: form.values.code.trim() };
    if (mode === 'disable') disable.mutate(body, { onSuccess: () => onDone() });
    else regenerate.mutate(body, { onSuccess: (r) => onDone(r.recoveryCodes) });
  };
  return (
    <form className="form" noValidate onSubmit={submit} aria-label={mode === 'disable' ? 'Turn off two-factor sign-in' : 'New recovery codes'}>
      <FormErrorSummary {...form.summaryProps} />
      <TextField {...form.field('currentPassword')} label="Current password" type="password" autoComplete="current-password" isRequired />
      <TextField {...form.field('code')} label="Code from your app or a recovery code" autoComplete="one-time-code" isRequired />
      <div className="form-actions">
        <Button type="submit" variant={mode === 'disable' ? 'danger' : 'primary'} isPending={action.isPending}>
          {mode === 'disable' ? 'Turn off two-factor sign-in' : 'Make new recovery codes'}
        </Button>
        <Button onPress={() => onDone()}>Cancel</Button>
      </div>
    </form>
  );
}

/** Profile → Two-factor sign-in: status, set up (QR + manual key + confirm), recovery codes, turn off. */
export function TwoFactorSection({ scope }: { scope: ProfileScope }) {
  const status = useTwoFactorStatus(scope);
  const start = useStartTwoFactor(scope);
  const toast = useToast();
  const [enrolment, setEnrolment] = useState<TwoFactorEnrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [mode, setMode] = useState<'disable' | 'regenerate' | null>(null);

  if (status.isPending) return <LoadingState label="Loading two-factor sign-in…" />;
  if (status.isError) return <ErrorState error={status.error} onRetry={() => void status.refetch()} />;

  if (codes) {
    return <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />;
  }
  if (!status.data.enabled) {
    return (
      <div className="stack">
        <p>
          Two-factor sign-in is <strong>off</strong>. With it on, signing in needs your password and a 6-digit code from an app on your phone.
          {status.data.requiredByFirm ? ' Your firm requires it.' : ''}
        </p>
        {enrolment ? (
          <EnrolForm
            scope={scope}
            enrolment={enrolment}
            onConfirmed={(c) => {
              setEnrolment(null);
              setCodes(c);
              toast.show('Two-factor sign-in is on.', 'success');
            }}
          />
        ) : (
          <div>
            {start.error ? <Alert tone="error">Could not start: {String((start.error as Error).message)}</Alert> : null}
            <Button variant="primary" isPending={start.isPending} onPress={() => start.mutate(undefined, { onSuccess: setEnrolment })}>
              Set up two-factor sign-in
            </Button>
          </div>
        )}
      </div>
    );
  }
  return (
    <div className="stack">
      <p>
        Two-factor sign-in is <strong>on</strong>. Recovery codes left: {status.data.recoveryCodesRemaining} of 10.
      </p>
      {status.data.requiredByFirm ? <p className="muted">Your firm requires two-factor sign-in: if you turn it off you will be asked to set it up again.</p> : null}
      {mode ? (
        <ReauthForm
          scope={scope}
          mode={mode}
          onDone={(c) => {
            setMode(null);
            if (c) setCodes(c);
            else if (mode === 'disable' && status.data.enabled) void status.refetch().then((r) => !r.data?.enabled && toast.show('Two-factor sign-in is off.', 'success'));
          }}
        />
      ) : (
        <div className="form-actions">
          <Button onPress={() => setMode('regenerate')}>New recovery codes</Button>
          <Button variant="danger" onPress={() => setMode('disable')}>
            Turn off two-factor sign-in
          </Button>
        </div>
      )}
    </div>
  );
}
