import type { FormEvent } from 'react';
import { type Profile, updateProfileBodySchema } from '../../../../contracts/profile';
import { Button } from '../../../components/Button';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { TextField } from '../../../components/TextField';
import { useToast } from '../../../components/Toast';
import { useForm } from '../../../lib/use-form';
import type { ProfileScope } from '../api/keys';
import { useUpdateProfile } from '../api/use-update-profile';

const LABELS = { name: 'Name', phone: 'Phone' };

/** Name and phone; the phone is typed as Australians write it and shown back the same way. */
export function ContactDetailsForm({ scope, profile }: { scope: ProfileScope; profile: Profile }) {
  const update = useUpdateProfile(scope);
  const toast = useToast();
  const form = useForm({ name: profile.name, phone: profile.phoneDisplay ?? '' }, LABELS, update.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { name: form.values.name, phone: form.values.phone };
    if (!form.validate(updateProfileBodySchema, body)) return;
    update.mutate(body, {
      onSuccess: (saved) => {
        form.reset({ name: saved.name, phone: saved.phoneDisplay ?? '' });
        toast.show('Your contact details have been saved.', 'success');
      },
    });
  };

  return (
    <form className="form" noValidate onSubmit={submit} aria-label="Contact details">
      <FormErrorSummary {...form.summaryProps} />
      <TextField {...form.field('name')} label="Name" autoComplete="name" isRequired />
      <TextField label="Email" value={profile.email} isReadOnly type="email" description="To use a different address, use Change email below." />
      <TextField {...form.field('phone')} label="Phone" type="tel" autoComplete="tel" optional description="An Australian number, like 0412 345 678 or (02) 9876 5432." />
      <div>
        <Button type="submit" variant="primary" isPending={update.isPending}>
          Save contact details
        </Button>
      </div>
    </form>
  );
}
