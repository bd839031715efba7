import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Alert } from '../components/Alert';
import { ErrorState, LoadingState } from '../components/States';
import { usePublicBranding } from '../features/firm/api/use-public-branding';
import { portalSessionKey } from '../features/portal-auth/api/keys';
import { isApiError, setUnauthorizedHandler } from '../lib/api-client';
import { accentOnWhite, readableTextColour } from '../lib/colour';
import { setRootCssVars } from '../lib/use-css-vars';
import { TimeZoneProvider } from '../lib/time-zone';
import { useDocumentTitle } from '../lib/use-document-title';
import { PortalLayout } from './PortalLayout';
import { PortalContext } from './portal-context';
import { RequirePortalSession } from './RequirePortalSession';
import { DashboardPage } from './pages/DashboardPage';
import { DocumentsPage } from './pages/DocumentsPage';
import { InvoicePage } from './pages/InvoicePage';
import { InvoicesPage } from './pages/InvoicesPage';
import { MessagesPage } from './pages/MessagesPage';
import { MessageThreadPage } from './pages/MessageThreadPage';
import { NewMessagePage } from './pages/NewMessagePage';
import { ProfilePage } from './pages/ProfilePage';
import { PortalConfirmEmailPage } from './pages/PortalConfirmEmailPage';
import { PortalUnsubscribePage } from './pages/PortalUnsubscribePage';
import { PortalPrivacyPage, PortalSecurityPage } from './pages/PortalLegalPages';
import { PortalForgotPasswordPage } from './pages/PortalForgotPasswordPage';
import { PortalLoginPage } from './pages/PortalLoginPage';
import { PortalNotFoundPage } from './pages/PortalNotFoundPage';
import { PortalRegisterPage } from './pages/PortalRegisterPage';
import { PortalResetPasswordPage } from './pages/PortalResetPasswordPage';
import { ProposalPage } from './pages/ProposalPage';
import { ProposalsPage } from './pages/ProposalsPage';
import { RequestServicePage } from './pages/RequestServicePage';
import { ServicePage } from './pages/ServicePage';
import { SignPage } from './pages/SignPage';
import { SignedCopyPage } from './pages/SignedCopyPage';
import './portal.css';

/** One firm's client portal. Paths are relative to the router's basename ('' or /portal/<slug>). */
export default function PortalApp({ slug }: { slug: string }) {
  const branding = usePublicBranding(slug);
  const queryClient = useQueryClient();

  useEffect(() => {
    setUnauthorizedHandler(() => queryClient.setQueryData(portalSessionKey(slug), null));
    return () => setUnauthorizedHandler(null);
  }, [queryClient, slug]);

  // The firm's colours become the page's accent (CSS variables, set through the CSSOM for the CSP).
  useEffect(() => {
    const b = branding.data;
    if (!b) return;
    setRootCssVars({
      '--accent': b.primaryColour,
      '--accent-text': b.primaryTextColour || readableTextColour(b.primaryColour),
      '--accent-on-white': accentOnWhite(b.primaryColour),
    });
  }, [branding.data]);

  // Pages title themselves once the portal has loaded (a parent's effect would run after theirs).
  useDocumentTitle(branding.data ? null : 'Client portal');

  if (branding.isPending) return <LoadingState label="Loading your portal…" />;
  if (branding.isError) {
    const missing = isApiError(branding.error) && branding.error.status === 404;
    return (
      <main className="portal-auth-page portal-missing" id="main">
        <div className="portal-auth-main">
          {missing ? (
            <Alert tone="error" title="We couldn't find this client portal">
              Check the address your accounting firm gave you. For technical help, contact Ledger Loom support at{' '}
              <a href="mailto:hello@ledgerloom.com.au">hello@ledgerloom.com.au</a>.
            </Alert>
          ) : (
            <ErrorState error={branding.error} onRetry={() => void branding.refetch()} />
          )}
        </div>
      </main>
    );
  }

  return (
    <PortalContext.Provider value={{ slug, branding: branding.data }}>
      <TimeZoneProvider timeZone={branding.data.timeZone}>
        <Routes>
          <Route path="login" element={<PortalLoginPage />} />
          <Route path="forgot-password" element={<PortalForgotPasswordPage />} />
          <Route path="reset-password" element={<PortalResetPasswordPage />} />
          <Route path="register" element={<PortalRegisterPage />} />
          {/* The link e-mailed to a new address: its token confirms the change, with or without a session. */}
          <Route path="confirm-email" element={<PortalConfirmEmailPage />} />
          {/* An e-mail's "Stop these e-mails" link: the token (in the fragment) names the person and the e-mail. */}
          <Route path="unsubscribe" element={<PortalUnsubscribePage />} />
          {/* The e-mailed signing link: no portal session needed (the link's token opens a signing session). */}
          <Route path="sign" element={<SignPage />} />
          {/* The signed copy e-mailed to a signer without a portal account: its token (in the fragment) is the key. */}
          <Route path="signed-copy" element={<SignedCopyPage />} />
          {/* Ledger Loom's Privacy Policy and Security page: public, under the firm's branding. */}
          <Route path="privacy" element={<PortalPrivacyPage />} />
          <Route path="security" element={<PortalSecurityPage />} />
          <Route
            element={
              <RequirePortalSession>
                <PortalLayout />
              </RequirePortalSession>
            }
          >
            <Route index element={<DashboardPage />} />
            <Route path="dashboard" element={<Navigate to="/" replace />} />
            <Route path="services/:serviceId" element={<ServicePage />} />
            <Route path="request-service" element={<RequestServicePage />} />
            <Route path="documents" element={<DocumentsPage />} />
            <Route path="invoices" element={<InvoicesPage />} />
            <Route path="invoices/:invoiceId" element={<InvoicePage />} />
            <Route path="messages" element={<MessagesPage />} />
            <Route path="messages/new" element={<NewMessagePage />} />
            <Route path="messages/:threadId" element={<MessageThreadPage />} />
            <Route path="proposals" element={<ProposalsPage />} />
            <Route path="proposals/:proposalId" element={<ProposalPage />} />
            <Route path="profile" element={<ProfilePage />} />
            <Route path="*" element={<PortalNotFoundPage />} />
          </Route>
        </Routes>
      </TimeZoneProvider>
    </PortalContext.Provider>
  );
}
