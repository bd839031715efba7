import { type ReactNode, useId } from 'react';
import { DropZone, type FileDropItem, FileTrigger, Text } from 'react-aria-components';
import { Button } from './Button';
import './uploads.css';

export interface FileDropZoneProps {
  /** Names the drop zone for assistive technology, e.g. "Upload documents for Coastal Coffee". */
  label: string;
  onFiles: (files: File[]) => void;
  /** For the file picker, e.g. ['.pdf', '.jpg']; dropped files are checked by the caller. */
  acceptedFileTypes?: ReadonlyArray<string>;
  /** The picker button's words. */
  buttonLabel?: string;
  /** What may be sent (types, size), shown under the drop target. */
  hint?: ReactNode;
  isDisabled?: boolean;
  className?: string;
}

/** Drag files here, or choose them with the picker (several at once). Keyboard users use the button. */
export function FileDropZone({ label, onFiles, acceptedFileTypes, buttonLabel = 'Choose files', hint, isDisabled, className }: FileDropZoneProps) {
  const hintId = useId();
  return (
    <DropZone
      aria-label={label}
      isDisabled={isDisabled}
      className={['drop-zone', className ?? ''].filter(Boolean).join(' ')}
      onDrop={async (event) => {
        const files = await Promise.all(event.items.filter((item): item is FileDropItem => item.kind === 'file').map((item) => item.getFile()));
        if (files.length > 0) onFiles(files);
      }}
    >
      <Text slot="label" className="drop-zone-text">
        Drag files here, or
      </Text>
      <FileTrigger allowsMultiple acceptedFileTypes={acceptedFileTypes} onSelect={(list) => onFiles(list ? [...list] : [])}>
        <Button size="sm" variant="secondary" isDisabled={isDisabled} aria-describedby={hint ? hintId : undefined}>
          {buttonLabel}
        </Button>
      </FileTrigger>
      {hint ? (
        <p id={hintId} className="drop-zone-hint">
          {hint}
        </p>
      ) : null}
    </DropZone>
  );
}
