import { useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import type { ServiceRequestDto } from '../../../contracts/service-requests';
import { Alert } from '../../components/Alert';
import { Button, ButtonLink } from '../../components/Button';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { portalScope } from '../../features/messages/api/keys';
import { useAttachmentUploads } from '../../features/messages/api/use-attachment-uploads';
import { AttachmentPicker } from '../../features/messages/components/AttachmentPicker';
import { usePortalServiceRequests } from '../../features/service-requests/api/use-portal-service-requests';
import { useServiceRequestOptions } from '../../features/service-requests/api/use-service-request-options';
import { PortalServiceRequestList } from '../../features/service-requests/components/PortalServiceRequestList';
import { RequestServiceForm } from '../../features/service-requests/components/RequestServiceForm';
import { useDocumentTitle } from '../../lib/use-document-title';
import { usePortal, useSignedInClient } from '../portal-context';

/**
 * Request Service: the client asks the firm for new work (a kind of work, what they need, documents),
 * and sees where each of their requests stands ("Your requests", where the e-mails about a decision link).
 */
export function RequestServicePage() {
  const { slug, branding } = usePortal();
  const session = useSignedInClient();
  const firmName = branding.displayName;
  useDocumentTitle('Request Service', firmName);
  const options = useServiceRequestOptions(slug);
  const requests = usePortalServiceRequests(slug);
  // Documents go up first, as the client's documents (the messages feature's uploads), then the request names them.
  const uploads = useAttachmentUploads(portalScope(slug), session.client.id);
  const attachmentIds = uploads.items.flatMap((i) => (i.status === 'done' && i.result ? [i.result.id] : []));
  const [sent, setSent] = useState<ServiceRequestDto | null>(null);
  const sentRef = useRef<HTMLDivElement>(null);
  const { hash } = useLocation();

  // The confirmation takes the form's place; focus follows it so it is read out and Tab goes on from there.
  useEffect(() => {
    if (sent) sentRef.current?.focus();
  }, [sent]);

  // Links from the dashboard and e-mails point at the list (#your-requests): bring it into view once loaded.
  const loaded = requests.isSuccess;
  useEffect(() => {
    if (loaded && hash === '#your-requests') document.getElementById('your-requests')?.scrollIntoView({ block: 'start' });
  }, [loaded, hash]);

  return (
    <div className="stack-lg">
      <header className="portal-page-header">
        <div className="page-header-eyebrow">
          <Link to="/" className="back-link">
            ← Dashboard
          </Link>
        </div>
        <h1>Request Service</h1>
        <p className="muted">Ask {firmName} for new work, such as a tax return, a company setup or advice. They will review your request and follow up with a proposal or confirmation.</p>
      </header>
      <section className="card card-body" aria-label={sent ? 'Request sent' : 'Your request'}>
        {sent ? (
          <div ref={sentRef} tabIndex={-1} className="request-sent stack">
            <Alert tone="success" title="Request sent">
              Your request was sent to {firmName}. They will follow up with a proposal or confirmation.
            </Alert>
            <div className="form-actions">
              <Button
                onPress={() => {
                  uploads.clearFinished();
                  setSent(null);
                }}
              >
                Request another service
              </Button>
              <ButtonLink to="/" variant="ghost">
                Back to dashboard
              </ButtonLink>
            </div>
          </div>
        ) : options.isPending ? (
          <LoadingState label="Loading…" />
        ) : options.isError ? (
          <ErrorState error={options.error} onRetry={() => void options.refetch()} />
        ) : (
          <RequestServiceForm
            slug={slug}
            categories={options.data}
            attachments={{
              ids: attachmentIds,
              busy: uploads.busy,
              picker: (isDisabled) => (
                <AttachmentPicker items={uploads.items} onAdd={(files) => uploads.add(files, null)} onCancel={uploads.cancel} onRemove={uploads.dismiss} isDisabled={isDisabled} />
              ),
            }}
            onSent={setSent}
          />
        )}
      </section>
      <section aria-labelledby="your-requests" className="stack">
        <h2 id="your-requests">Your requests</h2>
        {requests.isPending ? (
          <LoadingState label="Loading your requests…" />
        ) : requests.isError ? (
          <ErrorState error={requests.error} onRetry={() => void requests.refetch()} />
        ) : requests.data.length === 0 ? (
          <div className="card">
            <EmptyState title="No requests yet">Requests you send appear here with what {firmName} has decided.</EmptyState>
          </div>
        ) : (
          <PortalServiceRequestList slug={slug} requests={requests.data} firmName={firmName} />
        )}
      </section>
    </div>
  );
}
