import { useState } from 'react';
import { Alert } from '../../../components/Alert';
import { FileDropZone } from '../../../components/FileDropZone';
import { errorMessage } from '../../../lib/api-client';
import { formatDateAndTime } from '../../../lib/format';
import { useTimeZone } from '../../../lib/time-zone';
import { useVerifyPdf } from '../api/use-verify-pdf';

const RESULT = {
  intact: { tone: 'success', title: 'Intact' },
  altered: { tone: 'error', title: 'Altered' },
  unknown: { tone: 'warning', title: 'Unknown' },
} as const;

/** Upload a signed PDF; its SHA-256 is checked against the evidence recorded when it was signed. */
export function VerifyPdfForm() {
  const verify = useVerifyPdf();
  const timeZone = useTimeZone();
  const [fileName, setFileName] = useState<string | null>(null);
  const r = verify.data;
  return (
    <div className="stack-lg">
      <FileDropZone
        label="Signed PDF to check"
        buttonLabel="Choose a PDF"
        acceptedFileTypes={['application/pdf']}
        hint="The PDF is only read to work out its fingerprint (SHA-256); it is not stored."
        isDisabled={verify.isPending}
        onFiles={(files) => {
          const file = files[0];
          if (!file) return;
          setFileName(file.name);
          verify.mutate(file);
        }}
      />
      <div aria-live="polite" className="stack">
        {verify.isPending ? <p>Checking {fileName}…</p> : null}
        {verify.isError ? (
          <Alert tone="error" title="The PDF could not be checked">
            {errorMessage(verify.error)}
          </Alert>
        ) : null}
        {r ? (
          <Alert tone={RESULT[r.result].tone} title={RESULT[r.result].title}>
            <p>{r.message}</p>
            {fileName ? <p className="muted">File: {fileName}</p> : null}
            {r.proposal ? (
              <dl className="details">
                <div>
                  <dt>Proposal</dt>
                  <dd>
                    {r.proposal.title} — {r.proposal.clientName}
                  </dd>
                </div>
                <div>
                  <dt>Verification code</dt>
                  <dd className="proposal-code">{r.proposal.verificationCode}</dd>
                </div>
                {r.proposal.completedAt ? (
                  <div>
                    <dt>Signed by everyone</dt>
                    <dd>{formatDateAndTime(r.proposal.completedAt, timeZone)}</dd>
                  </div>
                ) : null}
              </dl>
            ) : null}
            <p className="proposal-hash">SHA-256 of this file: {r.sha256}</p>
          </Alert>
        ) : null}
      </div>
    </div>
  );
}
