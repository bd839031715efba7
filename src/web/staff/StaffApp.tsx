import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { staffSessionKey } from '../features/staff-auth/api/keys';
import { setUnauthorizedHandler } from '../lib/api-client';
import { AuthShell } from './AuthShell';
import { RequireStaffSession } from './RequireStaffSession';
import { StaffLayout } from './StaffLayout';
import { AcceptInvitationPage } from './pages/AcceptInvitationPage';
import { AuditPage } from './pages/AuditPage';
import { ClientPage } from './pages/ClientPage';
import { ClientsPage } from './pages/ClientsPage';
import { ForgotPasswordPage } from './pages/ForgotPasswordPage';
import { InvoicePage, NewInvoicePage } from './pages/InvoicePage';
import { InvoicesPage } from './pages/InvoicesPage';
import { StaffPrivacyPage, StaffSecurityPage } from './pages/LegalPages';
import { LoginPage } from './pages/LoginPage';
import { MessagesPage } from './pages/MessagesPage';
import { MessageThreadPage } from './pages/MessageThreadPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PaymentsPage } from './pages/PaymentsPage';
import { ProfilePage } from './pages/ProfilePage';
import { ConfirmEmailPage } from './pages/ConfirmEmailPage';
import { UnsubscribePage } from './pages/UnsubscribePage';
import { NewProposalPage, ProposalPage } from './pages/ProposalPage';
import { ProposalsPage } from './pages/ProposalsPage';
import { ResetPasswordPage } from './pages/ResetPasswordPage';
import { ServicePage } from './pages/ServicePage';
import { ServiceRequestPage } from './pages/ServiceRequestPage';
import { ServiceRequestsPage } from './pages/ServiceRequestsPage';
import { SettingsPage } from './pages/SettingsPage';
import { TeamPage } from './pages/TeamPage';
import { VerifyProposalPage } from './pages/VerifyProposalPage';
import { WorkPage } from './pages/WorkPage';
import './staff.css';

/** The staff workspace, under /app. */
export default function StaffApp() {
  const queryClient = useQueryClient();

  // A 401 from any session route means the session ended (idle timeout, signed out elsewhere,
  // disabled): forget it, and <RequireStaffSession> sends the user to sign in.
  useEffect(() => {
    setUnauthorizedHandler(() => {
      queryClient.setQueryData(staffSessionKey, null);
    });
    return () => setUnauthorizedHandler(null);
  }, [queryClient]);

  return (
    <Routes>
      <Route path="/" element={<Navigate to="/app" replace />} />
      <Route path="/app">
        <Route path="login" element={<LoginPage />} />
        <Route path="forgot-password" element={<ForgotPasswordPage />} />
        <Route path="reset-password" element={<ResetPasswordPage />} />
        <Route path="accept-invitation" element={<AcceptInvitationPage />} />
        <Route path="confirm-email" element={<ConfirmEmailPage />} />
        <Route path="unsubscribe" element={<UnsubscribePage />} />
        <Route path="privacy" element={<StaffPrivacyPage />} />
        <Route path="security" element={<StaffSecurityPage />} />
        <Route
          element={
            <RequireStaffSession>
              <StaffLayout />
            </RequireStaffSession>
          }
        >
          <Route index element={<Navigate to="/app/clients" replace />} />
          <Route path="clients" element={<ClientsPage />} />
          <Route path="clients/:clientId" element={<ClientPage />} />
          <Route path="work" element={<WorkPage />} />
          <Route path="services/:serviceId" element={<ServicePage />} />
          <Route path="requests" element={<ServiceRequestsPage />} />
          <Route path="requests/:requestId" element={<ServiceRequestPage />} />
          <Route path="proposals" element={<ProposalsPage />} />
          <Route path="proposals/new" element={<NewProposalPage />} />
          <Route path="proposals/verify" element={<VerifyProposalPage />} />
          <Route path="proposals/:proposalId" element={<ProposalPage />} />
          <Route path="invoices" element={<InvoicesPage />} />
          <Route path="invoices/new" element={<NewInvoicePage />} />
          <Route path="invoices/:invoiceId" element={<InvoicePage />} />
          <Route path="payments" element={<PaymentsPage />} />
          <Route path="messages" element={<MessagesPage />} />
          <Route path="messages/:threadId" element={<MessageThreadPage />} />
          <Route path="team" element={<TeamPage />} />
          <Route path="settings" element={<SettingsPage />} />
          <Route path="audit" element={<AuditPage />} />
          <Route path="profile" element={<ProfilePage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
      <Route
        path="*"
        element={
          <AuthShell title="Page not found">
            <p>
              There's nothing at this address. <a href="/app">Go to Ledger Loom</a>
            </p>
          </AuthShell>
        }
      />
    </Routes>
  );
}
