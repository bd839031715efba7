import { Modal } from './Dialog';
import './uploads.css';

export interface PreviewFile {
  fileName: string;
  contentType: string;
  /** Served inline by our own server (images and PDFs only). */
  previewUrl: string;
  downloadUrl: string;
}

/**
 * A file shown inside the page: an image as <img>, a PDF in an iframe. The sandboxing comes from the
 * server: /preview answers with `Content-Security-Policy: sandbox; default-src 'none'…` and nosniff,
 * so the PDF renders in an opaque origin and cannot act as us. Not the iframe `sandbox` attribute:
 * Chromium refuses to show a PDF in a sandboxed frame (a grey "blocked" page).
 */
export function FilePreviewDialog({ file, onClose }: { file: PreviewFile | null; onClose: () => void }) {
  const isImage = file?.contentType.startsWith('image/') ?? false;
  return (
    <Modal isOpen={file !== null} onOpenChange={(open) => (open ? undefined : onClose())} title={file ? `Preview of ${file.fileName}` : 'Preview'} size="lg">
      {file ? (
        <div className="stack">
          <div className="file-preview">
            {isImage ? (
              <img src={file.previewUrl} alt={`Preview of ${file.fileName}`} className="file-preview-image" />
            ) : (
              <iframe src={file.previewUrl} title={`Preview of ${file.fileName}`} className="file-preview-frame" referrerPolicy="no-referrer" />
            )}
          </div>
          <p className="muted">
            If the preview stays empty,{' '}
            <a href={file.downloadUrl} download>
              download {file.fileName}
            </a>{' '}
            and open it on your computer.
          </p>
        </div>
      ) : null}
    </Modal>
  );
}
