import { useQuery } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { Alert } from '../../components/Alert';
import { ErrorState, LoadingState } from '../../components/States';
import { useLinkToken } from '../../lib/link-token';
import { useDocumentTitle } from '../../lib/use-document-title';
import { PortalFooter } from '../PortalFooter';
import { usePortal } from '../portal-context';
import '../../features/proposal-signing/components/proposal-signing.css';

const TOKEN = /^[A-Za-z0-9_-]{20,200}$/;

class DeadLink extends Error {}

/** POST the token (never in a URL) and get the signed PDF back. Every unusable link is one 404. */
async function fetchSignedCopy(token: string): Promise<{ url: string; fileName: string }> {
  if (!TOKEN.test(token)) throw new DeadLink();
  const res = await fetch('/api/public/signed-copy', {
    method: 'POST', credentials: 'omit', referrerPolicy: 'no-referrer',
    headers: { 'content-type': 'application/json', accept: 'application/pdf, application/problem+json' }, body: JSON.stringify({ token }),
  });
  if (res.status === 404 || res.status === 400) throw new DeadLink();
  if (res.status === 429) throw new Error('Too many downloads were asked for from this address. Wait ten minutes and try again.');
  if (!res.ok) throw new Error('Something went wrong on our side. Try again in a moment.');
  const name = /filename\*=UTF-8''([^;]+)/i.exec(res.headers.get('content-disposition') ?? '')?.[1];
  const blob = await res.blob();
  return { url: URL.createObjectURL(new Blob([blob], { type: 'application/pdf' })), fileName: name ? decodeURIComponent(name) : 'Signed proposal.pdf' };
}

/**
 * /signed-copy#token=…: the signed proposal with its certificate of completion, for a signer without
 * a portal account (the link in the completion e-mail; 30 days, usable more than once). The token is
 * removed from the address bar at once and sent in a POST body; no referrer leaves this page.
 */
export function SignedCopyPage() {
  const { branding } = usePortal();
  const firmName = branding.displayName;
  const token = useLinkToken();
  const copy = useQuery({
    queryKey: ['signed-copy', token],
    enabled: token !== null,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    queryFn: () => fetchSignedCopy(token ?? ''),
  });
  useDocumentTitle('Your signed copy', firmName);
  const url = copy.data?.url;
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);

  let body: ReactNode;
  if (!token || copy.error instanceof DeadLink) {
    body = (
      <div className="stack-lg">
        <h1>This download link can no longer be used</h1>
        <Alert tone="error" title="Ask your accountant for a copy">
          <p>The link may have expired (links work for 30 days). Please ask {firmName} for a copy of the signed proposal.</p>
          <p>If you have a client portal account, sign in: the signed copy is in your documents.</p>
        </Alert>
      </div>
    );
  } else if (copy.isError) {
    body = <ErrorState error={copy.error} onRetry={() => void copy.refetch()} title="We couldn’t get your signed copy" />;
  } else if (copy.isPending) {
    body = <LoadingState label="Getting your signed copy…" />;
  } else {
    body = (
      <div className="stack-lg">
        <h1>Your signed copy</h1>
        <p>The signed proposal from {firmName}, with its certificate of completion. Keep it with your records.</p>
        <p>
          <a className="btn btn-primary" href={copy.data.url} download={copy.data.fileName}>
            Download {copy.data.fileName}
          </a>
        </p>
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
