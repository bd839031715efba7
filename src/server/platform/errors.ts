/**
 * One error type for the whole server. Domain code throws AppError with a code; the HTTP layer maps
 * the code to a status through the table below (STYLE.md "Errors").
 */
export const errorStatus = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  CSRF: 403,
  NOT_FOUND: 404,
  LINK_INVALID: 404,
  CONFLICT: 409,
  STALE_VERSION: 409,
  EMAIL_TAKEN: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  WEAK_PASSWORD: 422,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export const errorTitles: Record<ErrorCode, string> = {
  VALIDATION: 'Some details need fixing',
  UNAUTHENTICATED: 'Please sign in',
  INVALID_CREDENTIALS: 'Email or password is incorrect',
  FORBIDDEN: 'You do not have permission to do that',
  CSRF: 'This request could not be verified; reload the page and try again',
  NOT_FOUND: 'Not found',
  LINK_INVALID: 'This link is no longer valid',
  CONFLICT: 'That conflicts with the current state',
  STALE_VERSION: 'Someone else changed this first',
  EMAIL_TAKEN: 'That email address is already in use',
  PAYLOAD_TOO_LARGE: 'That is too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported content type',
  UNPROCESSABLE: 'That cannot be done',
  WEAK_PASSWORD: 'Choose a different password',
  RATE_LIMITED: 'Too many attempts',
  UNAVAILABLE: 'Temporarily unavailable',
  INTERNAL: 'Something went wrong on our side',
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly extra: { errors?: { path: string; message: string }[]; retryAfterSeconds?: number } = {},
  ) {
    super(message ?? errorTitles[code]);
    this.status = errorStatus[code];
  }
}

export const notFound = (what = 'That item') => new AppError('NOT_FOUND', `${what} was not found.`);
