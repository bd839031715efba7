import type { ReactNode } from 'react';
import { Dialog, DialogTrigger, Heading, Popover } from 'react-aria-components';
import './fields.css';
import './popover.css';

export interface PopoverDialogProps {
  /** The button that opens it (a react-aria Button, e.g. components/Button). */
  trigger: ReactNode;
  title: string;
  /** Rendered inside the dialog; `close` closes it (e.g. after following a link). */
  children: (close: () => void) => ReactNode;
  isOpen?: boolean;
  onOpenChange?: (isOpen: boolean) => void;
  className?: string;
}

/** A small non-modal dialog anchored to its button (Escape or a click outside closes it; focus returns to the button). */
export function PopoverDialog({ trigger, title, children, isOpen, onOpenChange, className }: PopoverDialogProps) {
  return (
    <DialogTrigger isOpen={isOpen} onOpenChange={onOpenChange}>
      {trigger}
      <Popover placement="bottom end" offset={8} className={['popover', 'popover-dialog', className ?? ''].filter(Boolean).join(' ')}>
        <Dialog className="popover-dialog-body">
          {({ close }) => (
            <>
              <Heading slot="title" className="popover-dialog-title">
                {title}
              </Heading>
              {children(close)}
            </>
          )}
        </Dialog>
      </Popover>
    </DialogTrigger>
  );
}
