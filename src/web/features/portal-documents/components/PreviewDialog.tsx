import { useState } from 'react';
import type { PortalDocumentDto } from '../../../../contracts/documents';
import { DialogFooter, Modal } from '../../../components/Dialog';
import { documentDownloadUrl, documentPreviewUrl } from '../api/keys';

/**
 * An image document, from its /preview URL (served inline only for images and PDFs, with nosniff and
 * a `sandbox` Content-Security-Policy), as an <img>: an image element never runs anything. PDFs are
 * not framed here but opened in a new tab (see PdfPreviewLink); nothing else is ever shown inline.
 */
export function ImagePreviewDialog({ slug, doc, onClose }: { slug: string; doc: PortalDocumentDto | null; onClose: () => void }) {
  return (
    <Modal isOpen={doc !== null} onOpenChange={(open) => (open ? undefined : onClose())} title={doc?.fileName ?? 'Preview'} size="lg">
      {doc ? <ImagePreview slug={slug} doc={doc} /> : null}
    </Modal>
  );
}

function ImagePreview({ slug, doc }: { slug: string; doc: PortalDocumentDto }) {
  // HEIC and TIFF are images many browsers cannot draw: say so rather than show a broken picture.
  const [broken, setBroken] = useState(false);
  return (
    <div className="stack">
      <div className="preview-stage">
        {broken ? (
          <p className="preview-unavailable">This browser can’t show this kind of image. Download it to open it on your device.</p>
        ) : (
          <img src={documentPreviewUrl(slug, doc.id)} alt={doc.fileName} className="preview-image" onError={() => setBroken(true)} />
        )}
      </div>
      <DialogFooter>
        <a className="btn btn-primary" href={documentDownloadUrl(slug, doc.id)} download={doc.fileName}>
          Download
        </a>
      </DialogFooter>
    </div>
  );
}

/**
 * A PDF's Preview: the /preview URL in a new tab, where the browser's own PDF viewer shows it. The
 * server sends it with `Content-Security-Policy: sandbox` (no scripts, an opaque origin) and nosniff;
 * the tab gets no opener and no referrer. Not an <iframe sandbox>: Chrome and Edge refuse to show a
 * PDF inside a sandboxed frame (a grey "blocked" page), and phones rarely show PDFs inside a page.
 */
export function PdfPreviewLink({ slug, doc }: { slug: string; doc: PortalDocumentDto }) {
  return (
    <a className="btn btn-secondary btn-sm" href={documentPreviewUrl(slug, doc.id)} target="_blank" rel="noopener noreferrer">
      Preview<span className="visually-hidden"> {doc.fileName} (opens in a new tab)</span>
    </a>
  );
}
