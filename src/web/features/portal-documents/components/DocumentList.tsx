import { useState } from 'react';
import { Link } from 'react-router';
import type { PortalDocumentDto } from '../../../../contracts/documents';
import { Badge } from '../../../components/Badge';
import { Button } from '../../../components/Button';
import { formatDate } from '../../../lib/format';
import { formatFileSize } from '../../../lib/file-size';
import { documentDownloadUrl } from '../api/keys';
import { ImagePreviewDialog, PdfPreviewLink } from './PreviewDialog';
import './portal-documents.css';

export interface DocumentListProps {
  slug: string;
  documents: ReadonlyArray<PortalDocumentDto>;
  /** The firm's time zone: dates are shown as the firm's day. */
  timeZone: string;
  firmName: string;
  /** The signed-in person, whose own uploads read "Uploaded by you". */
  viewerName: string;
  /** Show the service and task each document belongs to, linking to the task (the Documents area). */
  showContext?: boolean;
  /** Names the list for screen readers ("Documents on Provide records"). */
  label: string;
}

/** Who put the document here, in the client's words. */
export function documentSource(doc: PortalDocumentDto, firmName: string, viewerName: string): string {
  if (doc.uploadedBy === 'staff') return `Shared by ${doc.uploadedByName}, ${firmName}`;
  return doc.uploadedByName === viewerName ? 'Uploaded by you' : `Uploaded by ${doc.uploadedByName}`;
}

/** Documents with name, size, date and who; Download always, Preview for images (a dialog) and PDFs (a new tab). */
export function DocumentList({ slug, documents, timeZone, firmName, viewerName, showContext = false, label }: DocumentListProps) {
  const [preview, setPreview] = useState<PortalDocumentDto | null>(null);
  return (
    <>
      <ul className="doc-list" aria-label={label}>
        {documents.map((doc) => (
          <li key={doc.id} className="doc-item" data-superseded={doc.superseded || undefined}>
            <div className="doc-main">
              <p className="doc-name">
                <span className="doc-file-name">{doc.fileName}</span>
                {doc.requestId ? <Badge tone={doc.superseded ? 'neutral' : 'info'}>Version {doc.version}</Badge> : null}
                {doc.superseded ? <span className="doc-earlier">Earlier version</span> : null}
              </p>
              <p className="doc-meta">
                {formatFileSize(doc.sizeBytes)} · {formatDate(doc.createdAt, timeZone)} · {documentSource(doc, firmName, viewerName)}
              </p>
              {showContext && doc.serviceId && doc.taskId ? (
                <p className="doc-context">
                  <Link to={`/services/${doc.serviceId}#task-${doc.taskId}`}>{[doc.serviceName, doc.taskName].filter(Boolean).join(' · ')}</Link>
                </p>
              ) : null}
            </div>
            <div className="doc-actions">
              {doc.previewable && doc.contentType === 'application/pdf' ? (
                <PdfPreviewLink slug={slug} doc={doc} />
              ) : doc.previewable && doc.contentType.startsWith('image/') ? (
                <Button size="sm" onPress={() => setPreview(doc)}>
                  Preview<span className="visually-hidden"> {doc.fileName}</span>
                </Button>
              ) : null}
              <a className="btn btn-secondary btn-sm" href={documentDownloadUrl(slug, doc.id)} download={doc.fileName}>
                Download<span className="visually-hidden"> {doc.fileName}</span>
              </a>
            </div>
          </li>
        ))}
      </ul>
      <ImagePreviewDialog slug={slug} doc={preview} onClose={() => setPreview(null)} />
    </>
  );
}
