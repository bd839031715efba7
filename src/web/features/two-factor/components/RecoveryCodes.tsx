import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { useToast } from '../../../components/Toast';

/** Ten recovery codes, shown once: copy, download as a text file, then "I have saved them". */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const toast = useToast();
  const text = `Ledger Loom recovery codes (each works once)\n\n${codes.join('\n')}\n`;
  const copy = () => {
    void navigator.clipboard?.writeText(text).then(
      () => toast.show('Recovery codes copied.', 'success'),
      () => toast.show('Could not copy. Select the codes and copy them yourself.', 'error'),
    );
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'ledger-loom-recovery-codes.txt';
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="stack">
      <Alert tone="warning" title="Save your recovery codes now">
        Each code signs you in once if you lose your phone. They will not be shown again.
      </Alert>
      <ul className="recovery-codes" aria-label="Recovery codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <div className="form-actions">
        <Button onPress={copy}>Copy codes</Button>
        <Button onPress={download}>Download codes</Button>
        <Button variant="primary" onPress={onDone}>
          I have saved my codes
        </Button>
      </div>
    </div>
  );
}
