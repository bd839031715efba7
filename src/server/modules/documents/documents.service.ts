import { randomUUID } from 'node:crypto';
import { pipeline, Readable } from 'node:stream';
import type { Multipart, MultipartFile } from '@fastify/multipart';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { DocumentDto, documentListQuerySchema, PortalDocumentDto, updateDocumentBodySchema, UploadLimits } from '../../../contracts/documents.js';
import { acceptedExtensions, uploadFieldsSchema } from '../../../contracts/documents.js';
import type { Tx } from '../../db/client.js';
import { ciphertextLength, DecryptStream, EncryptStream } from '../../platform/crypto/chunked.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newStorageKey } from '../../platform/storage/blob-store.js';
import { actorLabel, type ClientCtx, type Deps, type StaffCtx } from '../../platform/tenancy/context.js';
import { recordAudit } from '../audit/index.js';
import { findFirm } from '../firms/index.js';
import { completeRequest, shareWithClient } from '../work/index.js';
import { firmDataKey } from './data-keys.js';
import * as repo from './documents.repository.js';
import { notifyClientUpload } from './documents.notify.js';
import { cleanFileName, extensionOf, PREVIEWABLE, sniffFile, type SniffResult } from './file-types.js';
import { drain, fieldValue, splitHead, tooLarge, UploadGuard } from './upload-stream.js';
import { faultPoint } from '../../platform/faults.js';

type Ctx = StaffCtx | ClientCtx;

function actorOf(ctx: Ctx) {
  return ctx.actor.kind === 'staff'
    ? { actorKind: 'staff' as const, actorId: ctx.actor.userId }
    : { actorKind: 'portal' as const, actorId: ctx.actor.portalUserId };
}

const audit = (tx: Tx, ctx: Ctx, action: string, doc: repo.DocumentRow, details: Record<string, unknown> = {}) =>
  recordAudit(tx, { firmId: ctx.firmId, ...actorOf(ctx), actorLabel: actorLabel(ctx.actor), action, targetType: 'document', targetId: doc.id, targetLabel: doc.fileName, ip: ctx.ip, details: { clientId: doc.clientId, ...details } });

export function toPortalDocument(v: repo.DocumentView): PortalDocumentDto {
  const d = v.doc;
  return {
    id: d.id, serviceId: d.serviceId, serviceName: v.serviceName, taskId: d.taskId, taskName: v.taskName, requestId: d.requestId, version: d.version, superseded: v.superseded,
    fileName: d.fileName, contentType: d.contentType, sizeBytes: d.sizeBytes, uploadedBy: d.uploadedByKind, uploadedByName: d.uploadedByName,
    category: (d.category as PortalDocumentDto['category']) ?? null, previewable: PREVIEWABLE.has(d.contentType), visibleToClient: d.visibleToClient, reviewedAt: d.reviewedAt?.toISOString() ?? null, createdAt: d.createdAt.toISOString(),
  };
}

export function toDocument(v: repo.DocumentView): DocumentDto {
  return { ...toPortalDocument(v), clientId: v.doc.clientId, clientName: v.clientName, sha256: v.doc.sha256, reviewedByName: v.reviewedByName, scanStatus: v.doc.scanStatus };
}

/** The firm's upload rules: its own limit (never above the server's MAX_UPLOAD_BYTES) and whether ZIP is allowed. */
export async function uploadLimits(ctx: Ctx): Promise<UploadLimits> {
  const firm = await ctx.db.withFirm(ctx.firmId, (tx) => findFirm(tx, ctx.firmId));
  const ceiling = ctx.config.maxUploadBytes;
  const maxBytes = firm?.maxUploadMb ? Math.min(firm.maxUploadMb * 1024 * 1024, ceiling) : ceiling;
  const allowZip = firm?.allowZip ?? false;
  return { maxBytes, allowZip, acceptedExtensions: [...acceptedExtensions, ...(allowZip ? ['.zip'] : [])] };
}

interface UploadTarget {
  clientId: string;
  /** The portal may attach only to tasks (and see only documents) the client may see. */
  clientView: boolean;
}

/** Where the file goes, checked before a byte is stored: the task and/or request must be the client's. */
async function resolvePlace(ctx: Ctx, target: UploadTarget, fields: z.output<typeof uploadFieldsSchema>) {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    let taskId = fields.taskId;
    let requestId: string | undefined;
    if (fields.requestId) {
      const request = await repo.findRequest(tx, { firmId: ctx.firmId, clientId: target.clientId, requestId: fields.requestId });
      if (!request) throw new AppError('VALIDATION', 'That document request was not found.', { errors: [{ path: 'body.requestId', message: 'was not found' }] });
      if (taskId && taskId !== request.taskId) throw new AppError('VALIDATION', 'That document request belongs to another task.', { errors: [{ path: 'body.requestId', message: 'is not on that task' }] });
      taskId = request.taskId;
      requestId = request.id;
    }
    if (!taskId) return { task: undefined, requestId: undefined };
    const task = await repo.findTaskForClient(tx, { firmId: ctx.firmId, clientId: target.clientId, taskId, clientView: target.clientView });
    if (!task) throw new AppError('VALIDATION', fields.requestId ? 'That document request was not found.' : 'That task was not found.', { errors: [{ path: fields.requestId ? 'body.requestId' : 'body.taskId', message: 'was not found' }] });
    if (target.clientView && task.status === 'completed') {
      throw new AppError('CONFLICT', `“${task.name}” is completed, so it no longer takes uploads. Upload the file under Documents instead.`);
    }
    return { task, requestId };
  });
}

const oneFileAtATime = () => new AppError('VALIDATION', 'Upload one file at a time: this upload had more than one file, so nothing was stored.', { errors: [{ path: 'file', message: 'only one file per upload' }] });

/**
 * Reads the rest of the request after the stored file: the end, or text fields (ignored: fields go
 * before the file). A second file — reported by the parser's `files: 1` limit, or as a part — refuses
 * the upload (the browser sends one file per request; several files are several requests).
 */
async function refuseFurtherFiles(parts: AsyncIterator<Multipart>): Promise<void> {
  for (;;) {
    let r: IteratorResult<Multipart>;
    try {
      r = await parts.next();
    } catch (err) {
      if ((err as { code?: string }).code === 'FST_FILES_LIMIT') throw oneFileAtATime();
      throw err;
    }
    if (r.done) return;
    if (r.value.type === 'file') {
      r.value.file.resume();
      throw oneFileAtATime();
    }
  }
}

/**
 * The streaming upload: multipart → sniff → size guard (+ ZIP/polyglot/complete-ending checks on the
 * kept tail) → virus scan → hash + encrypt → blob store; then verify (sizes, no second file part) and
 * commit the row, the request and the task in one transaction. Any failure removes the blob, so no
 * row (and no visible document) remains.
 */
async function upload(ctx: Ctx, req: FastifyRequest, target: UploadTarget): Promise<repo.DocumentView> {
  const limits = await uploadLimits(ctx);
  const max = limits.maxBytes;
  let part: MultipartFile | undefined;
  // The parts are read one by one (not req.file()) so that, once the file is stored, what follows it
  // can be checked: a second file part refuses the whole upload instead of being dropped silently.
  const parts = req.parts({ limits: { fileSize: max } });
  try {
    for (;;) {
      const r = await parts.next();
      if (r.done) break;
      if (r.value.type === 'file') {
        part = r.value;
        break;
      }
    }
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data in a field called "file".');
    throw err;
  }
  if (!part) throw new AppError('VALIDATION', 'No file was sent.', { errors: [{ path: 'file', message: 'is required' }] });
  if (part.fieldname !== 'file') {
    drain(part);
    throw new AppError('VALIDATION', 'Send the file in a field called "file".', { errors: [{ path: 'file', message: 'is required' }] });
  }
  const fields = uploadFieldsSchema.safeParse({
    taskId: fieldValue(part, 'taskId') || undefined, requestId: fieldValue(part, 'requestId') || undefined,
    visibleToClient: fieldValue(part, 'visibleToClient') || undefined, category: fieldValue(part, 'category') || undefined,
  });
  if (!fields.success) {
    drain(part);
    throw new AppError('VALIDATION', 'Some details need fixing.', { errors: fields.error.issues.map((i) => ({ path: `body.${i.path.join('.')}`, message: i.message })) });
  }
  const fileName = cleanFileName(part.filename ?? '');
  // A connection cut mid-upload must fail the stream (and so remove the blob) rather than leave it waiting forever.
  const onClose = () => {
    if (!req.raw.complete) part?.file.destroy(new AppError('VALIDATION', 'The upload was interrupted before the whole file arrived; nothing was stored.'));
  };
  req.raw.once('close', onClose);
  const { head, body } = await splitHead(part.file as unknown as NodeJS.ReadableStream & AsyncIterable<unknown>);
  let sniffed: SniffResult;
  let place: Awaited<ReturnType<typeof resolvePlace>>;
  try {
    if (part.file.truncated && head.length >= max) throw tooLarge(max);
    sniffed = sniffFile(head, fileName, { allowZip: limits.allowZip });
    place = await resolvePlace(ctx, target, fields.data);
  } catch (err) {
    body.resume();
    throw err;
  }

  const key = await firmDataKey(ctx, ctx.firmId);
  const id = randomUUID();
  const storageKey = newStorageKey(ctx.firmId);
  const guard = new UploadGuard(max, part, sniffed, fileName, { maxEntries: ctx.config.zipMaxEntries, maxUncompressedBytes: ctx.config.zipMaxUncompressedBytes });
  const encrypt = new EncryptStream({ dataKey: key.dataKey, firmId: ctx.firmId, objectId: id });
  const scan = ctx.scanner?.createStream();
  const sealed = scan ? pipeline(body, guard, scan, encrypt, () => {}) : pipeline(body, guard, encrypt, () => {});
  let stored = false;
  try {
    const put = await ctx.blobStore.put(storageKey, sealed);
    stored = true;
    const summary = encrypt.summary();
    if (part.file.truncated || summary.plaintextBytes > max) throw tooLarge(max);
    if (summary.plaintextBytes !== guard.bytes || put.bytes !== ciphertextLength(summary.plaintextBytes)) {
      throw new AppError('INTERNAL', 'The file was not stored completely; please try again.');
    }
    await refuseFurtherFiles(parts);
    const staffFields = ctx.actor.kind === 'staff' ? fields.data : {};
    return await ctx.db.withFirm(ctx.firmId, async (tx) => {
      let version = 1;
      if (place.task && place.requestId) {
        // The task lock orders racing uploads: each gets the next version, and the task moves once.
        await completeRequest(tx, ctx, { taskId: place.task.id, requestId: place.requestId, fileName });
        version = await repo.nextRequestVersion(tx, { firmId: ctx.firmId, requestId: place.requestId });
      }
      const visibleToClient = target.clientView ? true : staffFields.visibleToClient !== 'false';
      const row = await repo.insertDocument(tx, {
        id, firmId: ctx.firmId, clientId: target.clientId, serviceId: place.task?.serviceId ?? null, taskId: place.task?.id ?? null, requestId: place.requestId ?? null, version,
        uploadedByKind: ctx.actor.kind === 'staff' ? 'staff' : 'portal', uploadedById: actorOf(ctx).actorId, uploadedByName: ctx.actor.name,
        fileName, contentType: sniffed.contentType, sizeBytes: summary.plaintextBytes, sha256: summary.sha256, storageKey, keyId: key.keyId,
        visibleToClient, category: staffFields.category ?? null, scanStatus: scan ? 'clean' : 'not_scanned',
      });
      await audit(tx, ctx, 'document.uploaded', row, { taskId: row.taskId, requestId: row.requestId, version, sizeBytes: row.sizeBytes, contentType: row.contentType, scanned: Boolean(scan) });
      if (ctx.actor.kind === 'client') await notifyClientUpload(tx, ctx as ClientCtx, { clientId: target.clientId, candidates: place.task ? [place.task.assigneeId, place.task.serviceAssigneeId] : [] });
      else if (visibleToClient) await shareWithClient(tx, { firmId: ctx.firmId, clientId: target.clientId, documentId: row.id });
      await faultPoint('upload:after-blob-write'); // crash tests: blob stored, row inserted but not committed
      const view = await repo.findDocumentView(tx, { firmId: ctx.firmId, id: row.id });
      if (!view) throw new Error('document missing after insert');
      return view;
    });
  } catch (err) {
    body.resume();
    part.file.resume();
    // The blob may exist (stored, or partially before a failure): remove it so nothing is orphaned.
    await ctx.blobStore.delete(storageKey).catch((e: unknown) => req.log.error({ err: e, storageKey }, 'could not remove the blob of a failed upload; the sweeper will'));
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

export async function staffList(ctx: StaffCtx, clientId: string, q: z.output<typeof documentListQuerySchema>): Promise<DocumentDto[]> {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    if (!(await repo.clientExists(tx, { firmId: ctx.firmId, clientId }))) throw notFound('That client');
    const rows = await repo.listDocuments(tx, { firmId: ctx.firmId, clientId, clientView: false, serviceId: q.serviceId, taskId: q.taskId, unreviewed: q.unreviewed === 'true' });
    return rows.map(toDocument);
  });
}

export async function portalList(ctx: ClientCtx): Promise<PortalDocumentDto[]> {
  return ctx.db.withFirm(ctx.firmId, async (tx) => (await repo.listDocuments(tx, { firmId: ctx.firmId, clientId: ctx.actor.clientId, clientView: true })).map(toPortalDocument));
}

/** Rename, categorise, mark reviewed (or not), share with the client (or stop); each change is audited. */
export async function updateDocument(ctx: StaffCtx, id: string, body: z.output<typeof updateDocumentBodySchema>): Promise<DocumentDto> {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const doc = await repo.findDocument(tx, { firmId: ctx.firmId, id, forUpdate: true });
    if (!doc) throw notFound('That document');
    const set: Partial<repo.DocumentRow> = {};
    const changes: Record<string, unknown> = {};
    if (body.fileName !== undefined) {
      // The extension is part of what the file is: a rename keeps it (so "x.pdf" cannot become "x.html").
      const ext = extensionOf(doc.fileName);
      let cleaned = cleanFileName(body.fileName);
      if (ext && extensionOf(cleaned) !== ext) cleaned = cleanFileName(`${cleaned}.${ext}`);
      if (cleaned !== doc.fileName) {
        set.fileName = cleaned;
        changes.fileName = { from: doc.fileName, to: cleaned };
      }
    }
    if (body.category !== undefined && body.category !== doc.category) {
      set.category = body.category;
      changes.category = { from: doc.category, to: body.category };
    }
    if (body.reviewed !== undefined && body.reviewed !== (doc.reviewedAt !== null)) {
      set.reviewedAt = body.reviewed ? ctx.now : null;
      set.reviewedById = body.reviewed ? ctx.actor.userId : null;
      changes.reviewed = body.reviewed;
    }
    if (body.visibleToClient !== undefined && body.visibleToClient !== doc.visibleToClient) {
      set.visibleToClient = body.visibleToClient;
      changes.visibleToClient = body.visibleToClient;
    }
    if (Object.keys(set).length > 0) {
      await repo.updateDocument(tx, { firmId: ctx.firmId, id, set });
      await audit(tx, ctx, 'document.updated', { ...doc, ...set }, changes);
      if (set.visibleToClient === true) await shareWithClient(tx, { firmId: ctx.firmId, clientId: doc.clientId, documentId: doc.id });
    }
    const view = await repo.findDocumentView(tx, { firmId: ctx.firmId, id });
    if (!view) throw notFound('That document');
    return toDocument(view);
  });
}

/**
 * Soft delete: the document disappears for everyone at once; its encrypted file is destroyed by the
 * purge job after DOCUMENT_RETENTION_DAYS. A request it fulfilled opens again if no other version remains.
 */
export async function deleteDocument(ctx: StaffCtx, id: string): Promise<void> {
  await ctx.db.withFirm(ctx.firmId, async (tx) => {
    const doc = await repo.findDocument(tx, { firmId: ctx.firmId, id, forUpdate: true });
    if (!doc) throw notFound('That document');
    await repo.updateDocument(tx, { firmId: ctx.firmId, id, set: { status: 'deleted', deletedAt: ctx.now, deletedById: ctx.actor.userId } });
    if (doc.requestId) {
      const left = await repo.listDocuments(tx, { firmId: ctx.firmId, clientId: doc.clientId, clientView: false, taskId: doc.taskId ?? undefined });
      if (!left.some((v) => v.doc.requestId === doc.requestId)) await completeRequest(tx, ctx, { taskId: doc.taskId ?? '', requestId: doc.requestId, fileName: null });
    }
    await audit(tx, ctx, 'document.deleted', doc, { retentionDays: ctx.config.documentRetentionDays });
  });
}

export interface Download {
  doc: repo.DocumentRow;
  body: Readable;
}

/**
 * Opens a document. The first two plaintext chunks are decrypted (and verified) before anything is
 * sent, so a small file is fully authenticated — digest included — before its first byte leaves; a
 * later failure in a large file destroys the stream and Fastify aborts the connection.
 */
async function open(ctx: Ctx, id: string, clientId: string | undefined, log: FastifyBaseLogger, mode: 'download' | 'preview'): Promise<Download> {
  const doc = await ctx.db.withFirm(ctx.firmId, (tx) => repo.findDocument(tx, { firmId: ctx.firmId, id, ...(clientId ? { clientId } : {}) }));
  if (!doc) throw notFound('That document');
  if (mode === 'preview' && !PREVIEWABLE.has(doc.contentType)) throw new AppError('UNPROCESSABLE', 'Only PDFs and images (PNG, JPEG, GIF, WebP) can be previewed. Download this file instead.');
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
    if (err instanceof Error && err.name === 'BlobStoreUnavailableError') throw err;
    fail(err);
    throw new AppError('INTERNAL', 'This document could not be opened safely. The firm has been alerted.');
  }
  await ctx.db.withFirm(ctx.firmId, (tx) => audit(tx, ctx, mode === 'preview' ? 'document.previewed' : 'document.downloaded', doc));
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

export const staffOpen = (ctx: StaffCtx, id: string, log: FastifyBaseLogger, mode: 'download' | 'preview') => open(ctx, id, undefined, log, mode);
export const portalOpen = (ctx: ClientCtx, id: string, log: FastifyBaseLogger, mode: 'download' | 'preview') => open(ctx, id, ctx.actor.clientId, log, mode);

/** The documents sections of some tasks (a service page): every version, newest first. */
export async function taskDocuments(tx: Tx, s: { firmId: string; taskIds: string[]; clientView: boolean }): Promise<PortalDocumentDto[]> {
  return (await repo.listTaskDocuments(tx, s)).map(toPortalDocument);
}

/**
 * The whole of a small stored document, decrypted and checked against its SHA-256 (for a signed PDF
 * fetched through a download link, where there is no staff or client session). Undefined when the
 * document is gone (deleted or not available). The caller records who fetched it.
 */
export async function readDocumentBytes(deps: Deps, s: { firmId: string; id: string }): Promise<{ fileName: string; contentType: string; bytes: Buffer } | undefined> {
  const doc = await deps.db.withFirm(s.firmId, (tx) => repo.findDocument(tx, { firmId: s.firmId, id: s.id }));
  if (!doc) return undefined;
  const key = await firmDataKey(deps, s.firmId);
  const decrypt = new DecryptStream({ dataKey: key.dataKey, firmId: s.firmId, objectId: doc.id }, { expectedSha256: doc.sha256 });
  const chunks: Buffer[] = [];
  for await (const chunk of pipeline(deps.blobStore.get(doc.storageKey), decrypt, () => {})) chunks.push(chunk as Buffer);
  return { fileName: doc.fileName, contentType: doc.contentType, bytes: Buffer.concat(chunks) };
}

/**
 * Stores a document from bytes already in memory (demo data, imports): the same sealing and the same
 * blob-then-row order as an upload, without the HTTP parts. Type rules are the caller's to honour.
 */
export async function importDocument(
  deps: Deps,
  s: {
    firmId: string; clientId: string; taskId?: string; serviceId?: string; fileName: string; contentType: string; bytes: Buffer;
    uploadedBy: { kind: 'staff' | 'portal'; id: string; name: string }; visibleToClient: boolean; category?: string; createdAt?: Date;
  },
): Promise<string> {
  const key = await firmDataKey(deps, s.firmId);
  const id = randomUUID();
  const storageKey = newStorageKey(s.firmId);
  const encrypt = new EncryptStream({ dataKey: key.dataKey, firmId: s.firmId, objectId: id });
  await deps.blobStore.put(storageKey, pipeline(Readable.from([s.bytes]), encrypt, () => {}));
  const summary = encrypt.summary();
  try {
    await deps.db.withFirm(s.firmId, (tx) =>
      repo.insertDocument(tx, {
        id, firmId: s.firmId, clientId: s.clientId, serviceId: s.serviceId ?? null, taskId: s.taskId ?? null, uploadedByKind: s.uploadedBy.kind, uploadedById: s.uploadedBy.id,
        uploadedByName: s.uploadedBy.name, fileName: cleanFileName(s.fileName), contentType: s.contentType, sizeBytes: summary.plaintextBytes, sha256: summary.sha256, storageKey,
        keyId: key.keyId, visibleToClient: s.visibleToClient, category: s.category ?? null, ...(s.createdAt ? { createdAt: s.createdAt } : {}),
      }),
    );
  } catch (err) {
    await deps.blobStore.delete(storageKey);
    throw err;
  }
  return id;
}
