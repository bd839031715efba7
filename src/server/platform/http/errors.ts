import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, errorTitles, type ErrorCode } from '../errors.js';
import { isDatabaseUnavailableError } from '../../db/client.js';
import { BlobStoreUnavailableError } from '../storage/blob-store.js';

const PROBLEM = 'application/problem+json';

/** Fastify's own error codes that are the caller's fault, mapped onto ours. */
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'VALIDATION',
  FST_ERR_CTP_INVALID_JSON_BODY: 'VALIDATION',
  FST_ERR_VALIDATION: 'VALIDATION',
  FST_ERR_BAD_URL: 'VALIDATION',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_REQ_FILE_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_FILES_LIMIT: 'PAYLOAD_TOO_LARGE',
  FST_PARTS_LIMIT: 'PAYLOAD_TOO_LARGE',
  FST_FIELDS_LIMIT: 'PAYLOAD_TOO_LARGE',
  FST_PROTO_VIOLATION: 'VALIDATION',
};

declare module 'fastify' {
  interface FastifyInstance {
    /** Set by registerSpa: answers a GET with the web app when the address is a portal page; false otherwise. */
    spaFallback: ((req: FastifyRequest, reply: FastifyReply) => Promise<boolean>) | null;
  }
}

/**
 * One error handler: every error leaves as application/problem+json with the request id; 5xx
 * details are logged, never sent (SECURITY.md 16.5).
 */
/** No request of ours nests deeper than this; deeper JSON is refused rather than walked. */
const MAX_DEPTH = 64;
/** A UTF-16 surrogate without its pair (String.prototype.isWellFormed is ES2024, past our lib). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** What @fastify/busboy throws (as a plain Error) when a multipart body is truncated or malformed. */
const MULTIPART_CUT_SHORT = /^(Unexpected end of (multipart data|form)|Malformed part header|Multipart: Boundary not found)$/;

/**
 * The path of the first string (key or value) holding U+0000 or a lone UTF-16 surrogate — or of the first value nested deeper
 * than MAX_DEPTH — looking at up to 100,000 values, without recursion (deep JSON cannot overflow it).
 */
export function findNul(value: unknown): { path: string; reason: 'nul' | 'surrogate' | 'depth' } | null {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: '', depth: 0 }];
  for (let budget = 100_000; stack.length > 0 && budget > 0; budget--) {
    const { v, path, depth } = stack.pop() as { v: unknown; path: string; depth: number };
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return { path: path || 'input', reason: 'nul' };
      // A lone UTF-16 surrogate ("\ud83d" in JSON) is no character at all; PostgreSQL's jsonb refuses it (audit details), so a 500 later.
      if (LONE_SURROGATE.test(v)) return { path: path || 'input', reason: 'surrogate' };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth > MAX_DEPTH) return { path: path || 'input', reason: 'depth' };
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
      const p = path ? `${path}.${k}` : k;
      if (k.includes('\u0000')) return { path: p, reason: 'nul' };
      if (LONE_SURROGATE.test(k)) return { path: p, reason: 'surrogate' };
      stack.push({ v: child, path: p, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * What a failed request logs: a database error's statement but not its parameters (client names,
 * e-mail addresses, message text) nor PostgreSQL's row detail, which can quote the values too.
 */
export function loggable(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const cause = err.cause as { code?: unknown; message?: unknown } | undefined;
  return {
    type: err.name,
    message: err.message.replace(/\nparams:[\s\S]*$/, ' [parameters not logged]').slice(0, 2000),
    stack: err.stack?.replace(/\nparams:[\s\S]*?(?=\n\s+at )/, ''),
    ...(cause && typeof cause === 'object' ? { cause: { code: cause.code, message: typeof cause.message === 'string' ? cause.message.slice(0, 500) : undefined } } : {}),
  };
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.decorate('spaFallback', null);
  app.setErrorHandler((err: FastifyError, req, reply) => {
    let code: ErrorCode = 'INTERNAL';
    let detail: string | undefined;
    let errors: { path: string; message: string }[] | undefined;
    if (err instanceof AppError) {
      code = err.code;
      detail = err.message;
      errors = err.extra.errors;
      if (err.extra.retryAfterSeconds) reply.header('retry-after', String(err.extra.retryAfterSeconds));
    } else if (hasZodFastifySchemaValidationErrors(err)) {
      code = 'VALIDATION';
      errors = err.validation.map((v) => {
        const where = (err as { validationContext?: string }).validationContext ?? 'body';
        const path = [where, ...String(v.instancePath ?? '').split('/').filter(Boolean)].join('.');
        return { path, message: v.message ?? 'is invalid' };
      });
      detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    } else if (isResponseSerializationError(err)) {
      code = 'INTERNAL';
    } else if (err.code && fastifyCodes[err.code]) {
      code = fastifyCodes[err.code] as ErrorCode;
      detail =
        code === 'PAYLOAD_TOO_LARGE'
          ? 'The request is larger than this server accepts.'
          : code === 'UNSUPPORTED_MEDIA_TYPE'
            ? 'Send the request body as application/json.'
            : err.message;
    } else if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      code = err.statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : err.statusCode === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : err.statusCode === 404 ? 'NOT_FOUND' : 'VALIDATION';
      detail = err.message;
    } else if (MULTIPART_CUT_SHORT.test(err.message ?? '') && !err.code && !err.statusCode) {
      // busboy's plain Errors for a multipart body that stops mid-part: the caller's fault, not ours.
      code = 'VALIDATION';
      detail = 'The upload ended before the file was complete (the multipart body is cut off or malformed). Send it again.';
    } else if (err instanceof BlobStoreUnavailableError) {
      code = 'UNAVAILABLE';
      detail = 'Document storage is not answering, so nothing was saved or sent. Please try again in a few minutes.';
    } else if (isDatabaseUnavailableError(err)) {
      code = 'UNAVAILABLE';
      detail = 'The database is not answering, so this request was not completed. Please try again in a moment.';
      reply.header('retry-after', '5');
    }
    if (errorStatusOf(code) >= 500) req.log.error({ err: loggable(err) }, 'request failed');
    sendProblem(req, reply, code, detail, errors);
  });

  // PostgreSQL text cannot hold U+0000; anywhere in the input it is refused here as a 400, not a 500 later.
  app.addHook('preValidation', async (req) => {
    const hit = findNul({ params: req.params, query: req.query, body: req.body });
    if (hit?.reason === 'depth') throw new AppError('VALIDATION', 'The request is nested too deeply to be a valid request.', { errors: [{ path: 'body', message: 'is nested too deeply' }] });
    if (hit?.reason === 'surrogate') throw new AppError('VALIDATION', `${hit.path} contains a lone UTF-16 surrogate (an unpaired \\ud800-\\udfff), which is not a character text can hold. Remove it and try again.`, { errors: [{ path: hit.path, message: 'contains an unpaired surrogate character' }] });
    if (hit) throw new AppError('VALIDATION', `${hit.path} contains a NUL character (\\0), which text cannot hold. Remove it and try again.`, { errors: [{ path: hit.path, message: 'contains a NUL character' }] });
  });

  app.setNotFoundHandler(async (req, reply) => {
    // A page address on a firm's portal sub-domain is the portal app's to answer (its own "not found").
    if (req.method === 'GET' && app.spaFallback && (await app.spaFallback(req, reply))) return reply;
    return reply.code(404).type(PROBLEM).send({
      type: 'https://ledgerloom.com.au/problems/not-found',
      title: errorTitles.NOT_FOUND,
      status: 404,
      detail: `There is nothing at ${req.method} ${req.url.split('?')[0]?.slice(0, 200)}.`,
      code: 'NOT_FOUND',
      requestId: req.id,
    });
  });
}

/**
 * Errors Fastify raises before a route is matched (a malformed percent-encoding, an over-long path
 * parameter) bypass setErrorHandler and every hook; pass this as the `frameworkErrors` option so
 * they get the same problem+json answer as everything else. No hook runs for them, so the security
 * headers are set here: a JSON error loads nothing, hence the strictest policy (SECURITY.md 3.4).
 */
export function frameworkErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const callerFault = err.code === 'FST_ERR_BAD_URL' || err.code === 'FST_ERR_MAX_PARAM_LENGTH';
  if (!callerFault) req.log.error({ err: loggable(err) }, 'request failed before routing');
  void reply.headers({
    'content-security-policy': "default-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    'x-request-id': req.id,
  });
  sendProblem(req, reply, callerFault ? 'VALIDATION' : 'INTERNAL', callerFault ? 'The address of this request is not valid.' : undefined);
}

function sendProblem(req: FastifyRequest, reply: FastifyReply, code: ErrorCode, detail?: string, errors?: { path: string; message: string }[]): void {
  const status = errorStatusOf(code);
  if (status === 403 || status === 404) req.log.info({ code, url: req.url }, 'request refused');
  void reply
    .code(status)
    .type(PROBLEM)
    .send({
      type: `https://ledgerloom.com.au/problems/${code.toLowerCase().replace(/_/g, '-')}`,
      title: errorTitles[code],
      status,
      // 5xx details are logged, not sent — except 503, whose messages are written for the user ("storage is not answering").
      ...(detail && (status < 500 || code === 'UNAVAILABLE') ? { detail } : {}),
      ...(status >= 500 && !(detail && code === 'UNAVAILABLE') ? { detail: `Please try again. If it keeps happening, quote reference ${req.id}.` } : {}),
      code,
      requestId: req.id,
      ...(errors ? { errors } : {}),
    });
}

function errorStatusOf(code: ErrorCode): number {
  return new AppError(code).status;
}
