import { isApiError } from './api-client';

/** Field name → the first message for it. Names are the body's top-level keys ("abn", "email"). */
export type FieldErrors = Record<string, string>;

/**
 * Server paths may arrive as "abn", "/abn", "body.abn" or "body/abn"; forms key errors by field
 * name, so keep the part after any "body" prefix.
 */
export function normaliseFieldPath(path: string): string {
  const parts = path.split(/[./]/).filter((p) => p !== '');
  if (parts[0] === 'body') parts.shift();
  return parts.join('.');
}

/** Field errors from a failed mutation (400 with `errors[]`); empty for any other error. */
export function apiFieldErrors(error: unknown): FieldErrors {
  const out: FieldErrors = {};
  if (!isApiError(error)) return out;
  for (const issue of error.errors) {
    const key = normaliseFieldPath(issue.path);
    if (key && !(key in out)) out[key] = issue.message;
  }
  return out;
}

interface ZodIssueLike {
  path: ReadonlyArray<PropertyKey>;
  message: string;
  code?: string;
  errors?: ReadonlyArray<ReadonlyArray<ZodIssueLike>>;
}

/**
 * A union such as `'' | email` fails with a bare "Invalid input"; the useful message is the one
 * from the branch that is not the literal alternative (e.g. "must be an email address, …").
 */
function issueMessage(issue: ZodIssueLike): string {
  if (issue.code === 'invalid_union' && issue.errors) {
    const inner = issue.errors.flat().find((i) => i.code !== 'invalid_value');
    if (inner) return issueMessage(inner);
  }
  return issue.message;
}

/** Field errors from a Zod safeParse failure, using the contracts' own messages. */
export function zodFieldErrors(issues: ReadonlyArray<ZodIssueLike>): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.');
    if (key && !(key in out)) out[key] = issueMessage(issue);
  }
  return out;
}

/**
 * The contracts' messages are fragments written to follow the field's label ("is required",
 * "is not a valid ABN …"); whole sentences are shown as they are.
 */
export function fieldSentence(label: string, message: string): string {
  const first = message.charAt(0);
  return first !== '' && first === first.toLowerCase() && first !== first.toUpperCase()
    ? `${label} ${message}`
    : message;
}
