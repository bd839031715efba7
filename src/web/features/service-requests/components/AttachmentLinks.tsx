import type { ServiceRequestDto } from '../../../../contracts/service-requests';
import { formatFileSize } from '../../../lib/file-size';
import './service-requests.css';

/** The documents that came with a request, each a download (the existing document routes; nothing opens inline). */
export function AttachmentLinks({ attachments, hrefOf }: { attachments: ServiceRequestDto['attachments']; hrefOf: (documentId: string) => string }) {
  if (attachments.length === 0) return null;
  return (
    <ul className="request-attachments" aria-label="Attachments">
      {attachments.map((a) => (
        <li key={a.id}>
          <a href={hrefOf(a.id)} download={a.fileName} className="request-attachment">
            {a.fileName}
          </a>
          <span className="request-attachment-size"> ({formatFileSize(a.sizeBytes)})</span>
        </li>
      ))}
    </ul>
  );
}
