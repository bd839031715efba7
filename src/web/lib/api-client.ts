import type { ZodType } from 'zod';
import { problemSchema } from '../../contracts/common';

/** One problem with one field, as the server reports it (`errors[]` of a problem+json reply). */
export interface FieldIssue {
  path: string;
  message: string;
}

/** Every failed API call rejects with this, whatever went wrong (HTTP error, network, bad reply). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldIssue[];
  readonly requestId: string | undefined;

  constructor(init: {
    status: number;
    code: string;
    title: string;
    detail?: string | undefined;
    errors?: FieldIssue[] | undefined;
    requestId?: string | undefined;
  }) {
    super(init.detail ?? init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.requestId = init.requestId;
  }

  /** The sentence to show a person: the server's detail when it gave one, else its title. */
  get userMessage(): string {
    return this.detail ?? this.title;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** The message for any error a query or mutation may reject with. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) return error.userMessage;
  return 'Something went wrong. Try again, and contact support if it keeps happening.';
}

// One SPA page load is either the staff workspace or one firm's portal, so one CSRF token and one
// "session ended" handler are enough; the app root sets them.
let csrfToken: string | null = null;
let unauthorizedHandler: (() => void) | null = null;

/** Remember the CSRF token from the latest session reply (null after sign-out). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a session route answers 401, i.e. the session ended: the app sends the user to sign in. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions<T> {
  method?: Method;
  /** A plain value is sent as JSON; FormData as multipart (the browser sets the boundary). */
  body?: unknown;
  query?: Record<string, QueryValue>;
  /** Validates the reply against the contract; without it the reply is returned as `unknown`. */
  schema?: ZodType<T>;
  signal?: AbortSignal;
  /**
   * Whether a 401 means "your session ended" (send to sign-in). False for sign-in and for the
   * session probe itself, where 401 is an expected answer.
   */
  sessionRequired?: boolean;
}

const MUTATING: ReadonlySet<Method> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function withQuery(path: string, query: Record<string, QueryValue> | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function fallbackError(status: number, statusText: string): ApiError {
  if (status === 429) {
    return new ApiError({ status, code: 'TOO_MANY_REQUESTS', title: 'Too many attempts. Wait a minute, then try again.' });
  }
  if (status >= 500) {
    return new ApiError({
      status,
      code: 'SERVER_ERROR',
      title: 'Something went wrong on our side. Try again in a moment.',
    });
  }
  return new ApiError({ status, code: `HTTP_${status}`, title: statusText || `Request failed (${status})` });
}

async function toApiError(response: Response): Promise<ApiError> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const parsed = problemSchema.safeParse(await response.json());
      if (parsed.success) {
        const p = parsed.data;
        return new ApiError({
          status: p.status,
          code: p.code,
          title: p.title,
          detail: p.detail,
          errors: p.errors,
          requestId: p.requestId,
        });
      }
    } catch {
      // fall through to the generic error
    }
  }
  return fallbackError(response.status, response.statusText);
}

/** JSON in, JSON out, same-origin cookies, CSRF header on mutations, problem+json → ApiError. */
export async function apiRequest<T = unknown>(path: string, options: RequestOptions<T> = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (MUTATING.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({
      status: 0,
      code: 'NETWORK_ERROR',
      title: "We couldn't reach Ledger Loom. Check your internet connection and try again.",
    });
  }

  if (!response.ok) {
    const error = await toApiError(response);
    if (response.status === 401 && (options.sessionRequired ?? true)) unauthorizedHandler?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;

  const type = response.headers.get('content-type') ?? '';
  const data: unknown = type.includes('json') ? await response.json() : undefined;
  if (!options.schema) return data as T;
  const parsed = options.schema.safeParse(data);
  if (!parsed.success) {
    // The server broke its own contract: say so plainly rather than render half a page.
    console.error(`Unexpected reply from ${method} ${path}: ${JSON.stringify(parsed.error.issues)}`);
    throw new ApiError({
      status: response.status,
      code: 'UNEXPECTED_REPLY',
      title: 'Ledger Loom sent a reply this page did not expect. Reload the page and try again.',
    });
  }
  return parsed.data;
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * Sends one file as multipart/form-data with upload progress (fetch cannot report it, so this uses
 * XMLHttpRequest). `fields` go before the file part, as the server expects. Aborting through
 * `signal` cancels the upload; the server then stores nothing.
 */
export function uploadFile<T>(
  path: string,
  file: File,
  options: { fields?: Record<string, string | undefined>; schema: ZodType<T>; signal?: AbortSignal; onProgress?: (p: UploadProgress) => void },
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const form = new FormData();
    for (const [key, value] of Object.entries(options.fields ?? {})) if (value !== undefined) form.append(key, value);
    form.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => options.onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    const onAbort = () => xhr.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    xhr.onerror = () =>
      reject(new ApiError({ status: 0, code: 'NETWORK_ERROR', title: "The upload did not reach Ledger Loom. Check your internet connection and try again." }));
    xhr.onload = () => {
      options.signal?.removeEventListener('abort', onAbort);
      const response = new Response(xhr.status === 204 ? null : xhr.responseText, {
        status: xhr.status,
        statusText: xhr.statusText,
        headers: { 'content-type': xhr.getResponseHeader('content-type') ?? '' },
      });
      if (!response.ok) {
        void toApiError(response).then((error) => {
          if (response.status === 401) unauthorizedHandler?.();
          reject(error);
        });
        return;
      }
      void response.json().then(
        (data: unknown) => {
          const parsed = options.schema.safeParse(data);
          if (parsed.success) resolve(parsed.data);
          else reject(new ApiError({ status: xhr.status, code: 'UNEXPECTED_REPLY', title: 'Ledger Loom sent a reply this page did not expect. Reload the page and try again.' }));
        },
        () => reject(new ApiError({ status: xhr.status, code: 'UNEXPECTED_REPLY', title: 'Ledger Loom sent a reply this page did not expect. Reload the page and try again.' })),
      );
    };
    if (options.signal?.aborted) {
      reject(new DOMException('The upload was cancelled.', 'AbortError'));
      return;
    }
    xhr.send(form);
  });
}
