import { randomUUID } from 'node:crypto';
import { pipeline, Readable, Transform, type TransformCallback } from 'node:stream';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { DocumentDto, PortalDocumentDto } from '../../../contracts/documents.js';
import { uploadFieldsSchema } from '../../../contracts/documents.js';
import { ciphertextLength, DecryptStream, EncryptStream } from '../../platform/crypto/chunked.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newStorageKey } from '../../platform/storage/blob-store.js';
import { actorLabel, type ClientCtx, type StaffCtx } from '../../platform/tenancy/context.js';
import { recordAudit } from '../audit/index.js';
import { firmDataKey } from './data-keys.js';
import * as repo from './documents.repository.js';
import { cleanFileName, sniffFile, SNIFF_BYTES } from './file-types.js';

type Ctx = StaffCtx | ClientCtx;

function actorOf(ctx: Ctx) {
  return ctx.actor.kind === 'staff'
    ? { actorKind: 'staff' as const, actorId: ctx.actor.userId }
    : { actorKind: 'portal' as const, actorId: ctx.actor.portalUserId };
}

const audit = (tx: Parameters<typeof recordAudit>[0], ctx: Ctx, action: string, doc: repo.DocumentRow, details: Record<string, unknown> = {}) =>
  recordAudit(tx, { firmId: ctx.firmId, ...actorOf(ctx), actorLabel: actorLabel(ctx.actor), action, targetType: 'document', targetId: doc.id, targetLabel: doc.fileName, ip: ctx.ip, details });

export function toDocument(r: repo.DocumentRow): DocumentDto {
  return {
    id: r.id, clientId: r.clientId, serviceId: r.serviceId, taskId: r.taskId, fileName: r.fileName, contentType: r.contentType, sizeBytes: r.sizeBytes,
    sha256: r.sha256, uploadedBy: r.uploadedByKind, visibleToClient: r.visibleToClient, category: r.category, scanStatus: r.scanStatus, createdAt: r.createdAt.toISOString(),
  };
}

export function toPortalDocument(r: repo.DocumentRow): PortalDocumentDto {
  return { id: r.id, taskId: r.taskId, fileName: r.fileName, contentType: r.contentType, sizeBytes: r.sizeBytes, uploadedBy: r.uploadedByKind, category: r.category, createdAt: r.createdAt.toISOString() };
}

const tooLarge = (max: number) => new AppError('PAYLOAD_TOO_LARGE', `The file is larger than the ${formatBytes(max)} limit.`, { errors: [{ path: 'file', message: 'is too large' }] });

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KB`;
  return `${n} bytes`;
}

/** Reads up to SNIFF_BYTES from the part, then returns them and a stream of the whole file (head included). */
async function splitHead(file: NodeJS.ReadableStream & AsyncIterable<unknown>): Promise<{ head: Buffer; body: Readable }> {
  const it = file[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < SNIFF_BYTES) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    const buf = r.value as Buffer;
    parts.push(buf);
    length += buf.length;
  }
  const head = Buffer.concat(parts, length);
  const body = Readable.from(
    (async function* () {
      if (head.length > 0) yield head;
      if (done) return;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value as Buffer;
      }
    })(),
    { objectMode: false },
  );
  return { head, body };
}

/** Counts bytes, enforces the limit, and keeps text files valid UTF-8 without NUL to the end. */
class UploadGuard extends Transform {
  bytes = 0;
  private readonly decoder: TextDecoder | undefined;

  constructor(
    private readonly max: number,
    private readonly part: MultipartFile,
    isText: boolean,
  ) {
    super();
    this.decoder = isText ? new TextDecoder('utf-8', { fatal: true }) : undefined;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.max || this.part.file.truncated) return cb(tooLarge(this.max));
    if (this.decoder) {
      if (chunk.includes(0)) return cb(new AppError('UNPROCESSABLE', 'The file is not plain text: it contains NUL bytes.'));
      try {
        this.decoder.decode(chunk, { stream: true });
      } catch {
        return cb(new AppError('UNPROCESSABLE', 'The file is not valid UTF-8 text.'));
      }
    }
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback): void {
    if (this.part.file.truncated) return cb(tooLarge(this.max));
    if (this.bytes === 0) return cb(new AppError('UNPROCESSABLE', 'The file is empty.'));
    if (this.decoder) {
      try {
        this.decoder.decode();
      } catch {
        return cb(new AppError('UNPROCESSABLE', 'The file is not valid UTF-8 text.'));
      }
    }
    cb();
  }
}

/** Lets the rest of the request flow past, so the client gets its answer instead of a stalled upload. */
function drain(part: MultipartFile): void {
  part.file.resume();
}

function fieldValue(part: MultipartFile, name: string): string | undefined {
  const f = part.fields[name];
  const one = Array.isArray(f) ? f[0] : f;
  return one && one.type === 'field' && typeof one.value === 'string' ? one.value : undefined;
}

interface UploadTarget {
  clientId: string;
  /** The portal may attach only to tasks (and see only documents) the client may see. */
  clientView: boolean;
}

/**
 * The streaming upload: multipart → sniff → size guard → hash + encrypt → blob store; then verify
 * and commit the row. Any failure removes the blob, so no row (and no visible document) remains.
 */
async function upload(ctx: Ctx, req: FastifyRequest, target: UploadTarget): Promise<repo.DocumentRow> {
  const max = ctx.config.maxUploadBytes;
  let part: MultipartFile | undefined;
  try {
    part = await req.file({ limits: { fileSize: max } });
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data in a field called "file".');
    throw err;
  }
  if (!part) throw new AppError('VALIDATION', 'No file was sent.', { errors: [{ path: 'file', message: 'is required' }] });
  if (part.fieldname !== 'file') {
    drain(part);
    throw new AppError('VALIDATION', 'Send the file in a field called "file".', { errors: [{ path: 'file', message: 'is required' }] });
  }
  const fields = uploadFieldsSchema.safeParse({ taskId: fieldValue(part, 'taskId'), visibleToClient: fieldValue(part, 'visibleToClient') });
  if (!fields.success) {
    drain(part);
    throw new AppError('VALIDATION', 'Some details need fixing.', { errors: fields.error.issues.map((i) => ({ path: `body.${i.path.join('.')}`, message: i.message })) });
  }
  const fileName = cleanFileName(part.filename ?? '');
  const { head, body } = await splitHead(part.file as unknown as NodeJS.ReadableStream & AsyncIterable<unknown>);
  let sniffed;
  let task: Awaited<ReturnType<typeof repo.findTaskForClient>>;
  try {
    if (part.file.truncated && head.length >= max) throw tooLarge(max);
    sniffed = sniffFile(head, fileName);
    const taskId = fields.data.taskId;
    if (taskId) {
      task = await ctx.db.withFirm(ctx.firmId, (tx) => repo.findTaskForClient(tx, { firmId: ctx.firmId, clientId: target.clientId, taskId, clientView: target.clientView }));
      if (!task) throw new AppError('VALIDATION', 'That task was not found.', { errors: [{ path: 'body.taskId', message: 'was not found' }] });
    }
  } catch (err) {
    body.resume();
    throw err;
  }

  const key = await firmDataKey(ctx, ctx.firmId);
  const id = randomUUID();
  const storageKey = newStorageKey(ctx.firmId);
  const guard = new UploadGuard(max, part, sniffed.isText);
  const encrypt = new EncryptStream({ dataKey: key.dataKey, firmId: ctx.firmId, objectId: id });
  const sealed = pipeline(body, guard, encrypt, () => {});
  let stored = false;
  try {
    const put = await ctx.blobStore.put(storageKey, sealed);
    stored = true;
    const summary = encrypt.summary();
    if (part.file.truncated || summary.plaintextBytes > max) throw tooLarge(max);
    if (summary.plaintextBytes !== guard.bytes || put.bytes !== ciphertextLength(summary.plaintextBytes)) {
      throw new AppError('INTERNAL', 'The file was not stored completely; please try again.');
    }
    return await ctx.db.withFirm(ctx.firmId, async (tx) => {
      const row = await repo.insertDocument(tx, {
        id, firmId: ctx.firmId, clientId: target.clientId, serviceId: task?.serviceId ?? null, taskId: task?.id ?? null,
        uploadedByKind: ctx.actor.kind === 'staff' ? 'staff' : 'portal', uploadedById: actorOf(ctx).actorId,
        fileName, contentType: sniffed.contentType, sizeBytes: summary.plaintextBytes, sha256: summary.sha256, storageKey, keyId: key.keyId,
        visibleToClient: target.clientView ? true : fields.data.visibleToClient !== 'false',
      });
      await audit(tx, ctx, 'document.uploaded', row, { clientId: target.clientId, taskId: row.taskId, sizeBytes: row.sizeBytes, contentType: row.contentType });
      return row;
    });
  } catch (err) {
    body.resume();
    part.file.resume();
    // The blob may exist (stored, or partially before a failure): remove it so nothing is orphaned.
    await ctx.blobStore.delete(storageKey).catch((e: unknown) => req.log.error({ err: e, storageKey }, 'could not remove the blob of a failed upload'));
    if (!stored && !(err instanceof AppError)) req.log.warn({ err }, 'upload failed before it was stored');
    throw err;
  }
}

export async function staffUpload(ctx: StaffCtx, clientId: string, req: FastifyRequest): Promise<DocumentDto> {
  const client = await ctx.db.withFirm(ctx.firmId, (tx) => repo.clientExists(tx, { firmId: ctx.firmId, clientId }));
  if (!client) throw notFound('That client');
  return toDocument(await upload(ctx, req, { clientId, clientView: false }));
}

export async function portalUpload(ctx: ClientCtx, req: FastifyRequest): Promise<PortalDocumentDto> {
  return toPortalDocument(await upload(ctx, req, { clientId: ctx.actor.clientId, clientView: true }));
}

export async function staffList(ctx: StaffCtx, clientId: string): Promise<DocumentDto[]> {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    if (!(await repo.clientExists(tx, { firmId: ctx.firmId, clientId }))) throw notFound('That client');
    return (await repo.listDocuments(tx, { firmId: ctx.firmId, clientId, clientView: false })).map(toDocument);
  });
}

export async function portalList(ctx: ClientCtx): Promise<PortalDocumentDto[]> {
  return ctx.db.withFirm(ctx.firmId, async (tx) => (await repo.listDocuments(tx, { firmId: ctx.firmId, clientId: ctx.actor.clientId, clientView: true })).map(toPortalDocument));
}

export interface Download {
  doc: repo.DocumentRow;
  body: Readable;
}

/**
 * Opens a document for download. The first two plaintext chunks are decrypted (and verified) before
 * anything is sent, so a small file is fully authenticated — digest included — before its first
 * byte leaves; a later failure in a large file destroys the stream and Fastify aborts the connection.
 */
async function open(ctx: Ctx, id: string, clientId: string | undefined, log: FastifyBaseLogger): Promise<Download> {
  const doc = await ctx.db.withFirm(ctx.firmId, (tx) => repo.findDocument(tx, { firmId: ctx.firmId, id, ...(clientId ? { clientId } : {}) }));
  if (!doc) throw notFound('That document');
  const key = await firmDataKey(ctx, ctx.firmId);
  const decrypt = new DecryptStream({ dataKey: key.dataKey, firmId: ctx.firmId, objectId: doc.id }, { expectedSha256: doc.sha256 });
  const plain = pipeline(ctx.blobStore.get(doc.storageKey), decrypt, () => {});
  const it = plain[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const fail = (err: unknown) => log.error({ err, documentId: doc.id, firmId: ctx.firmId }, 'document could not be decrypted; nothing served');
  const ahead: Buffer[] = [];
  let done = false;
  try {
    for (let i = 0; i < 2 && !done; i++) {
      const r = await it.next();
      if (r.done) done = true;
      else ahead.push(r.value);
    }
  } catch (err) {
    fail(err);
    throw new AppError('INTERNAL', 'This document could not be opened safely. The firm has been alerted.');
  }
  await ctx.db.withFirm(ctx.firmId, (tx) => audit(tx, ctx, 'document.downloaded', doc, { clientId: doc.clientId }));
  const body = Readable.from(
    (async function* () {
      yield* ahead;
      if (done) return;
      try {
        for (;;) {
          const r = await it.next();
          if (r.done) return;
          yield r.value;
        }
      } catch (err) {
        fail(err);
        throw err;
      }
    })(),
    { objectMode: false },
  );
  return { doc, body };
}

export const staffDownload = (ctx: StaffCtx, id: string, log: FastifyBaseLogger) => open(ctx, id, undefined, log);
export const portalDownload = (ctx: ClientCtx, id: string, log: FastifyBaseLogger) => open(ctx, id, ctx.actor.clientId, log);
