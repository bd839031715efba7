import { useCallback, useId, useMemo, useRef, useState } from 'react';
import type { ZodType } from 'zod';
import { isApiError } from './api-client';
import { apiFieldErrors, type FieldErrors, fieldSentence, zodFieldErrors } from './form-errors';

type Values = Record<string, string>;

export interface FieldBinding {
  id: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * State for a small form of text-ish fields: values, the errors found before sending (the same Zod
 * schema the server uses) and the errors of the last failed submit (`serverError`, usually
 * `mutation.error`), shown under each field and in a summary. A server error on a field disappears
 * once the user edits that field.
 */
export function useForm<V extends Values>(initial: V, labels: Partial<Record<keyof V & string, string>>, serverError: unknown = null) {
  const prefix = useId();
  const [values, setValues] = useState<V>(initial);
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  // Fields edited since `serverError` arrived, and a server error the user has since resubmitted past.
  const [edited, setEdited] = useState<{ error: unknown; names: ReadonlySet<string> }>({ error: null, names: NONE });
  const [dismissedError, setDismissedError] = useState<unknown>(null);
  const currentError = useRef<unknown>(serverError);
  currentError.current = serverError;

  const activeServerError = serverError !== null && serverError !== dismissedError ? serverError : null;
  const editedNames = edited.error === serverError ? edited.names : NONE;

  const fieldId = useCallback((name: string) => `${prefix}-${name}`, [prefix]);

  /** Sets a field; its messages go, and those of `alsoTouched` (e.g. "reminders.2" when one value holds a list). */
  const setValue = useCallback((name: keyof V & string, value: string, alsoTouched: ReadonlyArray<string> = []) => {
    const touched = [name, ...alsoTouched];
    setValues((v) => ({ ...v, [name]: value }));
    setClientErrors((e) => {
      if (!touched.some((t) => t in e)) return e;
      const rest = { ...e };
      for (const t of touched) delete rest[t];
      return rest;
    });
    setEdited((prev) => {
      const err = currentError.current;
      const names = prev.error === err ? prev.names : NONE;
      return touched.every((t) => names.has(t)) ? prev : { error: err, names: new Set([...names, ...touched]) };
    });
  }, []);

  const errors = useMemo<FieldErrors>(() => {
    const fromServer = apiFieldErrors(activeServerError);
    for (const name of editedNames) delete fromServer[name];
    return { ...fromServer, ...clientErrors };
  }, [activeServerError, clientErrors, editedNames]);

  const labelOf = useCallback((name: string): string | undefined => (labels as Record<string, string | undefined>)[name], [labels]);

  const errorFor = useCallback(
    (name: string): string | undefined => {
      const message = errors[name];
      if (!message) return undefined;
      const label = labelOf(name);
      return label ? fieldSentence(label, message) : message;
    },
    [errors, labelOf],
  );

  const field = useCallback(
    (name: keyof V & string): FieldBinding => ({
      id: fieldId(name),
      name,
      value: values[name] ?? '',
      onChange: (value: string) => setValue(name, value),
      error: errorFor(name),
    }),
    [fieldId, values, setValue, errorFor],
  );

  /** Checks `body` against the contract before sending; false (and the errors shown) when it fails. */
  const validate = useCallback(<T,>(schema: ZodType<T>, body: unknown): boolean => {
    setDismissedError(currentError.current);
    const parsed = schema.safeParse(body);
    if (parsed.success) {
      setClientErrors({});
      return true;
    }
    setClientErrors(zodFieldErrors(parsed.error.issues));
    return false;
  }, []);

  /** The server's message when it is not about particular fields (409, 403, 422, 429…). */
  const formMessage = useMemo(() => {
    if (!activeServerError) return null;
    if (isApiError(activeServerError)) {
      // Field problems are listed field by field; the detail would only repeat them.
      if (activeServerError.errors.length > 0) return null;
      return activeServerError.userMessage;
    }
    return 'Something went wrong. Try again.';
  }, [activeServerError]);

  const reset = useCallback((next: V) => {
    setValues(next);
    setClientErrors({});
    setDismissedError(currentError.current);
  }, []);

  const summaryLabels = useMemo(() => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(labels)) if (typeof v === 'string') out[k] = v;
    return out;
  }, [labels]);

  return {
    values,
    setValue,
    field,
    errors,
    errorFor,
    fieldId,
    validate,
    formMessage,
    reset,
    summaryProps: { errors, labels: summaryLabels, fieldId, message: formMessage },
  };
}
