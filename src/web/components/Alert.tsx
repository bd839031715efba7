import type { ReactNode } from 'react';
import './alerts.css';

export type AlertTone = 'error' | 'warning' | 'success' | 'info';

export interface AlertProps {
  tone: AlertTone;
  title?: string;
  children?: ReactNode;
  /** Buttons or links offered with the message (e.g. "Reload"). */
  actions?: ReactNode;
  className?: string;
}

/**
 * An inline message. Errors use role=alert (announced at once); the others role=status (announced
 * politely). Put it in the DOM when the message appears so assistive technology announces it.
 */
export function Alert({ tone, title, children, actions, className }: AlertProps) {
  return (
    <div
      role={tone === 'error' ? 'alert' : 'status'}
      className={['alert', `alert-${tone}`, className ?? ''].filter(Boolean).join(' ')}
    >
      <span className="alert-icon" aria-hidden="true">
        {tone === 'error' ? '!' : tone === 'warning' ? '!' : tone === 'success' ? '✓' : 'i'}
      </span>
      <div className="alert-content">
        {title ? <p className="alert-title">{title}</p> : null}
        {children ? <div className="alert-body">{children}</div> : null}
        {actions ? <div className="alert-actions">{actions}</div> : null}
      </div>
    </div>
  );
}
