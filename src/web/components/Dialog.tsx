import type { ReactNode } from 'react';
import { Dialog, Heading, Modal as AriaModal, ModalOverlay } from 'react-aria-components';
import { errorMessage } from '../lib/api-client';
import { Alert } from './Alert';
import { Button } from './Button';
import './dialogs.css';

export interface ModalProps {
  isOpen: boolean;
  onOpenChange: (isOpen: boolean) => void;
  /** Text (a number inside may be kept whole with a nowrap span); it is the dialog's accessible name. */
  title: ReactNode;
  children: ReactNode;
  /** alertdialog for confirmations that interrupt the user. */
  role?: 'dialog' | 'alertdialog';
  /** xl: room for a row of fields a line (an adjustment note's lines). */
  size?: 'sm' | 'md' | 'lg' | 'xl';
  /** Clicking outside closes it (Escape always does). */
  isDismissable?: boolean;
}

/** A modal dialog: focus is trapped inside and returns to the trigger when it closes. */
export function Modal({ isOpen, onOpenChange, title, children, role = 'dialog', size = 'md', isDismissable = true }: ModalProps) {
  return (
    <ModalOverlay
      isOpen={isOpen}
      onOpenChange={onOpenChange}
      isDismissable={isDismissable}
      isKeyboardDismissDisabled={false}
      className="modal-overlay"
    >
      <AriaModal className={`modal modal-${size}`}>
        <Dialog role={role} className="dialog">
          <div className="dialog-header">
            <Heading slot="title" className="dialog-title">
              {title}
            </Heading>
            <Button variant="ghost" size="sm" className="dialog-close" aria-label="Close" onPress={() => onOpenChange(false)}>
              ×
            </Button>
          </div>
          <div className="dialog-body">{children}</div>
        </Dialog>
      </AriaModal>
    </ModalOverlay>
  );
}

export function DialogFooter({ children }: { children: ReactNode }) {
  return <div className="dialog-footer">{children}</div>;
}

export interface ConfirmDialogProps {
  isOpen: boolean;
  onOpenChange: (isOpen: boolean) => void;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** The button that backs out (default "Cancel"; say "Keep it" when the action itself is a cancellation). */
  cancelLabel?: string;
  onConfirm: () => void;
  isPending?: boolean;
  /** Why the action failed, shown in the dialog so the user can retry or cancel. */
  error?: string | null;
  destructive?: boolean;
}

/** "Are you sure?" for actions with consequences (disable a user, end their sessions). */
export function ConfirmDialog({
  isOpen,
  onOpenChange,
  title,
  children,
  confirmLabel,
  cancelLabel = 'Cancel',
  onConfirm,
  isPending,
  error,
  destructive,
}: ConfirmDialogProps) {
  return (
    <Modal isOpen={isOpen} onOpenChange={onOpenChange} title={title} role="alertdialog" size="sm">
      <div className="stack">
        <div className="confirm-message">{children}</div>
        {error ? <Alert tone="error">{error}</Alert> : null}
      </div>
      <DialogFooter>
        <Button variant="secondary" onPress={() => onOpenChange(false)} isDisabled={isPending}>
          {cancelLabel}
        </Button>
        <Button variant={destructive ? 'danger' : 'primary'} onPress={onConfirm} isPending={isPending}>
          {confirmLabel}
        </Button>
      </DialogFooter>
    </Modal>
  );
}

export interface ConfirmActionDialogProps<T> extends Omit<ConfirmDialogProps, 'isOpen' | 'onOpenChange' | 'onConfirm' | 'isPending' | 'error'> {
  /** What the action is for; the dialog is open while it is set. */
  target: T | null;
  /** Clear the target (the dialog was cancelled or closed). */
  onClose: () => void;
  /** The action's mutation: its pending state and failure show in the dialog, and it is reset on close. */
  action: { isPending: boolean; error: unknown; reset: () => void };
  onConfirm: (target: T) => void;
}

/** A `ConfirmDialog` for one action on one thing (disable this user, revoke that invitation). */
export function ConfirmActionDialog<T>({ target, onClose, action, onConfirm, ...props }: ConfirmActionDialogProps<T>) {
  return (
    <ConfirmDialog
      {...props}
      isOpen={target !== null}
      onOpenChange={(open) => {
        if (!open) {
          onClose();
          action.reset();
        }
      }}
      isPending={action.isPending}
      error={action.error ? errorMessage(action.error) : null}
      onConfirm={() => {
        if (target !== null) onConfirm(target);
      }}
    />
  );
}
