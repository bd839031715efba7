import type { ReactNode } from 'react';
import { Alert } from '../../components/Alert';
import { ErrorState, LoadingState } from '../../components/States';
import { useLinkDecision, useLinkProposal, useOpenSigningLink } from '../../features/proposal-signing/api/use-link-signing';
import { ProposalStatusBadge } from '../../features/proposal-signing/components/ProposalStatusBadge';
import { SigningOtpStep } from '../../features/proposal-signing/components/SigningOtpStep';
import { SigningView } from '../../features/proposal-signing/components/SigningView';
import { isApiError } from '../../lib/api-client';
import { useLinkToken } from '../../lib/link-token';
import { useDocumentTitle } from '../../lib/use-document-title';
import { PortalFooter } from '../PortalFooter';
import { usePortal } from '../portal-context';

/** Errors that mean "this link cannot be used": the server answers every such link with one 404. */
const isDeadLink = (error: unknown) => isApiError(error) && (error.status === 404 || error.status === 400 || error.status === 401 || error.status === 403);

/**
 * /sign#token=…: signing from the e-mailed link without signing in to the portal. The token is read
 * from the fragment and removed from the address bar at once, then exchanged for a 30-minute signing
 * session. Every unusable link (unknown, expired, used, withdrawn, replaced) gets the same page.
 * No referrer leaves this page (the server's Referrer-Policy and the page's meta tag).
 */
export function SignPage() {
  const { branding } = usePortal();
  const firmName = branding.displayName;
  const token = useLinkToken();
  const open = useOpenSigningLink(token);
  const proposal = useLinkProposal(open.isSuccess);
  const { accept, decline } = useLinkDecision();
  useDocumentTitle(proposal.data ? `Review and sign: ${proposal.data.content.title}` : 'Review and sign', firmName);

  let body: ReactNode;
  if (!token || isDeadLink(open.error) || isDeadLink(proposal.error)) {
    body = (
      <div className="stack-lg">
        <h1>This signing link can no longer be used</h1>
        <Alert tone="error" title="Ask your accountant for a new link">
          <p>
            The link may have expired, already been used to sign or decline, or been replaced by a newer one — or the proposal was withdrawn. Please ask{' '}
            {firmName} to send you a new one.
          </p>
          <p>If you have a client portal account, you can also sign in and find the proposal under Proposals.</p>
        </Alert>
      </div>
    );
  } else if (open.isError) {
    body = <ErrorState error={open.error} onRetry={() => void open.refetch()} title="We couldn’t open your signing link" />;
  } else if (open.isPending || proposal.isPending) {
    body = <LoadingState label="Opening your proposal…" />;
  } else if (proposal.isError) {
    body = <ErrorState error={proposal.error} onRetry={() => void proposal.refetch()} title="The proposal didn’t load" />;
  } else {
    const p = proposal.data;
    body = (
      <div className="stack-lg">
        <header className="stack-sm">
          <p className="muted">Proposal from {p.firmName}</p>
          <h1>{p.content.title}</h1>
          <p>
            <ProposalStatusBadge status={p.status} />
          </p>
        </header>
        {p.otpRequired && p.canSign ? <SigningOtpStep firmName={p.firmName} /> : null}
        <SigningView proposal={p} accept={accept} decline={decline} timeZone={branding.timeZone} logoUrl={branding.logoUrl} />
      </div>
    );
  }

  return (
    <div className="sign-shell">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="sign-header">
        <div className="sign-header-inner">
          {branding.logoUrl ? <img src={branding.logoUrl} alt="" className="sign-brand-logo" /> : null}
          <span className="sign-brand-name">{firmName}</span>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="sign-main">
        {body}
      </main>
      <PortalFooter />
    </div>
  );
}
