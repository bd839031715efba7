import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/States';
import { useFirmSettings } from '../../features/firm/api/use-firm-settings';
import { FirmSettingsForm } from '../../features/firm/components/FirmSettingsForm';
import { PortalLoginCard } from '../../features/portal-auth/components/PortalLoginCard';
import { PortalSignInFormPreview } from '../../features/portal-auth/components/PortalSignInForm';
import { HEX_COLOUR } from '../../lib/colour';
import { useDocumentTitle } from '../../lib/use-document-title';
import { canManage, useSignedInStaff } from '../session-context';

export function SettingsPage() {
  useDocumentTitle('Settings', 'Ledger Loom');
  const session = useSignedInStaff();
  const settings = useFirmSettings();

  return (
    <>
      <PageHeader title="Settings" description="Your firm's details and how the client portal looks." />
      {settings.isPending ? (
        <LoadingState label="Loading settings…" />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <FirmSettingsForm
          key={settings.data.id}
          settings={settings.data}
          canEdit={canManage(session)}
          renderPreview={(draft) => (
            <figure className="portal-preview">
              <figcaption className="portal-preview-caption">
                <span className="cell-primary">Preview</span>
                <span className="cell-secondary">Your portal's sign-in page, with the values above (not yet saved).</span>
              </figcaption>
              <div className="portal-preview-stage">
                <PortalLoginCard
                  headingLevel={2}
                  branding={{
                    displayName: draft.displayName.trim() || settings.data.displayName,
                    logoUrl: settings.data.logoUrl,
                    primaryColour: HEX_COLOUR.test(draft.primaryColour) ? draft.primaryColour : settings.data.primaryColour,
                  }}
                  subtitle="Sign in to your client portal"
                >
                  <PortalSignInFormPreview />
                </PortalLoginCard>
                <p className="portal-preview-footer">
                  {draft.supportEmail || draft.supportPhone ? (
                    <>
                      Need help? Contact {draft.displayName.trim() || settings.data.displayName}
                      {draft.supportEmail ? ` at ${draft.supportEmail}` : ''}
                      {draft.supportPhone ? ` or ${draft.supportPhone}` : ''}
                    </>
                  ) : (
                    'Add a support email or phone so clients know how to reach you.'
                  )}
                </p>
              </div>
            </figure>
          )}
        />
      )}
    </>
  );
}
