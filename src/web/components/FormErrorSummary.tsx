import { useEffect, useRef } from 'react';
import { type FieldErrors, fieldSentence } from '../lib/form-errors';
import './alerts.css';

export interface FormErrorSummaryProps {
  /** Field name → message (fragment or sentence). */
  errors: FieldErrors;
  /** Field name → its visible label; fields not listed here are shown with their message only. */
  labels: Record<string, string>;
  /** Field name → the id of its input, so each summary line can move focus to the field. */
  fieldId: (name: string) => string;
  /** A message not tied to one field (e.g. the problem's detail). */
  message?: string | null | undefined;
  title?: string;
}

const FOCUSABLE = 'input:not([type="hidden"]), textarea, select, button, [tabindex]';

/** Focus the field with this id; for a group (radio buttons), its first control. */
function focusField(id: string): void {
  const el = document.getElementById(id);
  if (!el) return;
  const target = el.matches(FOCUSABLE) ? el : el.querySelector<HTMLElement>(FOCUSABLE);
  target?.focus();
}

/**
 * The list of problems at the top of a form (role=alert, focused when it appears), each linking to
 * its field; the same messages also sit under each field.
 */
export function FormErrorSummary({ errors, labels, fieldId, message, title = 'Please check the form' }: FormErrorSummaryProps) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors);
  const visible = entries.length > 0 || Boolean(message);
  const signature = JSON.stringify([entries, message]);

  useEffect(() => {
    if (visible) ref.current?.focus();
  }, [visible, signature]);

  if (!visible) return null;
  return (
    <div ref={ref} className="alert alert-error error-summary" role="alert" tabIndex={-1}>
      <span className="alert-icon" aria-hidden="true">
        !
      </span>
      <div className="alert-content">
        <p className="alert-title">{entries.length > 0 ? title : message}</p>
        {entries.length > 0 ? (
          <ul className="error-summary-list">
            {message ? <li>{message}</li> : null}
            {entries.map(([name, msg]) => {
              const label = labels[name];
              return (
                <li key={name}>
                  <a
                    href={`#${fieldId(name)}`}
                    onClick={(event) => {
                      event.preventDefault();
                      focusField(fieldId(name));
                    }}
                  >
                    {label ? fieldSentence(label, msg) : msg}
                  </a>
                </li>
              );
            })}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
