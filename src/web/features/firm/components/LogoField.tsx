import { useState } from 'react';
import { FileTrigger } from 'react-aria-components';
import type { FirmSettings } from '../../../../contracts/firms';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { useToast } from '../../../components/Toast';
import { errorMessage } from '../../../lib/api-client';
import { useRemoveFirmLogo } from '../api/use-remove-firm-logo';
import { useUploadFirmLogo } from '../api/use-upload-firm-logo';

const MAX_BYTES = 1024 * 1024;
const TYPES = ['image/png', 'image/jpeg', 'image/webp'];

/** Upload (PNG, JPEG or WebP, ≤ 1 MB) or remove the firm's logo; saved straight away. */
export function LogoField({ settings, canEdit }: { settings: FirmSettings; canEdit: boolean }) {
  const upload = useUploadFirmLogo();
  const remove = useRemoveFirmLogo();
  const toast = useToast();
  const [localError, setLocalError] = useState<string | null>(null);
  const error = localError ?? (upload.error ? errorMessage(upload.error) : remove.error ? errorMessage(remove.error) : null);

  const choose = (files: FileList | null) => {
    const file = files?.[0];
    if (!file) return;
    upload.reset();
    remove.reset();
    if (!TYPES.includes(file.type)) return setLocalError('The logo must be a PNG, JPEG or WebP image.');
    if (file.size > MAX_BYTES) return setLocalError('The logo must be 1 MB or smaller.');
    setLocalError(null);
    upload.mutate(file, { onSuccess: () => toast.show('Logo uploaded.') });
  };

  return (
    <div className="field logo-field" role="group" aria-labelledby="logo-field-label">
      <span id="logo-field-label" className="field-label">
        Logo
      </span>
      <div className="logo-field-row">
        <div className="logo-field-preview">
          {settings.logoUrl ? <img src={settings.logoUrl} alt={`Current logo of ${settings.displayName}`} /> : <span className="muted">No logo</span>}
        </div>
        {canEdit ? (
          <div className="row">
            <FileTrigger acceptedFileTypes={TYPES} onSelect={choose}>
              <Button size="sm" isPending={upload.isPending}>
                {settings.logoUrl ? 'Replace logo' : 'Upload logo'}
              </Button>
            </FileTrigger>
            {settings.logoUrl ? (
              <Button
                size="sm"
                variant="ghost"
                isPending={remove.isPending}
                onPress={() => {
                  setLocalError(null);
                  upload.reset();
                  remove.mutate(undefined, { onSuccess: () => toast.show('Logo removed.') });
                }}
              >
                Remove logo
              </Button>
            ) : null}
          </div>
        ) : null}
      </div>
      <span className="field-description">PNG, JPEG or WebP, up to 1 MB. A wide logo on a transparent background works best. Saved as soon as you choose it.</span>
      {error ? <Alert tone="error">{error}</Alert> : null}
    </div>
  );
}
