import { type FormEvent, useState } from 'react';
import { z } from 'zod';
import { Button } from '../../../components/Button';
import { Checkbox } from '../../../components/Checkbox';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { TextField } from '../../../components/TextField';
import { useForm } from '../../../lib/use-form';

export interface TwoFactorCodeFormProps {
  onSubmit: (body: { code: string; rememberDevice: boolean }) => void;
  onCancel: () => void;
  isPending: boolean;
  error: unknown;
}

const totpSchema = z.object({ code: z.string().trim().regex(/^\d{6}$/, 'is the 6-digit code from your authenticator app') });
const recoverySchema = z.object({ code: z.string().trim().min(12, 'is a recovery code like abcd-efgh-jkmn').max(20, 'is a recovery code like abcd-efgh-jkmn') });

/** The sign-in code step (staff and portal): a 6-digit code or a recovery code, and "remember this device". */
export function TwoFactorCodeForm({ onSubmit, onCancel, isPending, error }: TwoFactorCodeFormProps) {
  const [recovery, setRecovery] = useState(false);
  const [remember, setRemember] = useState(false);
  const label = recovery ? 'Recovery code' : 'Authentication code';
  const form = useForm({ code: '' }, { code: label }, error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!form.validate(recovery ? recoverySchema : totpSchema, form.values)) return;
    onSubmit({ code: form.values.code.trim(), rememberDevice: remember });
  };
  return (
    <form className="form" noValidate onSubmit={submit} aria-label="Two-factor sign-in">
      <p>{recovery ? 'Enter one of your recovery codes. Each code works once.' : 'Enter the 6-digit code from your authenticator app.'}</p>
      <FormErrorSummary {...form.summaryProps} title="Please check the code" />
      <TextField
        {...form.field('code')}
        label={label}
        inputMode={recovery ? 'text' : 'numeric'}
        autoComplete="one-time-code"
        isRequired
        autoFocus
      />
      <Checkbox isSelected={remember} onChange={setRemember}>
        Remember this device for 30 days
      </Checkbox>
      <Button type="submit" variant="primary" isPending={isPending} className="btn-block">
        Verify and sign in
      </Button>
      <p className="form-footnote">
        <Button variant="ghost" size="sm" onPress={() => { setRecovery(!recovery); form.reset({ code: '' }); }}>
          {recovery ? 'Use a code from my app' : 'Use a recovery code'}
        </Button>{' '}
        <Button variant="ghost" size="sm" onPress={onCancel}>
          Start again
        </Button>
      </p>
    </form>
  );
}
