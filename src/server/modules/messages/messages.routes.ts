import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, eq, sql } from 'drizzle-orm';
import { idParamsSchema } from '../../../contracts/common.js';
import { portalParamsSchema } from '../../../contracts/documents.js';
import {
  createThreadBodySchema, editMessageBodySchema, markReadBodySchema, messageSchema, messageThreadParamsSchema, portalMessageParamsSchema, portalThreadListQuerySchema,
  portalThreadListSchema, portalThreadParamsSchema, postMessageBodySchema, redactMessageBodySchema, staffCreateThreadBodySchema, threadListQuerySchema, threadListSchema,
  threadSchema, threadSummarySchema, unreadCountSchema, updateThreadBodySchema,
} from '../../../contracts/messages.js';
import { liveEvents } from '../../db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import type { ClientCtx, Deps, StaffCtx } from '../../platform/tenancy/context.js';
import { clientCtxOf, sessionStillActive, staffCtxOf } from '../accounts/index.js';
import * as messages from './messages.service.js';

/** A connection is closed after this long; the browser reconnects (re-checking the session) and resumes by Last-Event-ID. */
const STREAM_MAX_MS = 5 * 60_000;
const HEARTBEAT_MS = 20_000;
/** How often an open stream re-checks its session: signed out, expired or disabled ends it. */
const RECHECK_MS = 30_000;
/** Per signed-in session: more open streams than this (many tabs) is 429. */
const STREAMS_PER_SESSION = 6;

const open = new Map<string, number>();

/**
 * Server-Sent Events: `id` is the firm's event number; a browser reconnecting with Last-Event-ID gets
 * every event after it (or `resync` when those are older than what is kept); events carry ids only.
 */
async function serveLive(deps: Deps, req: FastifyRequest, reply: FastifyReply, ctx: StaffCtx | ClientCtx) {
  const who = { firmId: ctx.firmId, clientId: ctx.actor.kind === 'client' ? ctx.actor.clientId : undefined, sessionId: ctx.actor.sessionId };
  const count = open.get(who.sessionId) ?? 0;
  if (count >= STREAMS_PER_SESSION) throw new AppError('RATE_LIMITED', 'Too many live-update connections are open for this sign-in. Close some tabs and reload.');
  const latest = await deps.live.latest(who.firmId);
  const header = req.headers['last-event-id'];
  let after = latest;
  let resync = false;
  if (typeof header === 'string' && /^\d{1,15}$/.test(header.trim())) {
    after = Math.min(Number(header.trim()), latest);
    if (after < latest) {
      const [oldest] = await deps.db.withFirm(who.firmId, (tx) => tx.select({ seq: sql<number>`min(${liveEvents.seq})` }).from(liveEvents).where(and(eq(liveEvents.firmId, who.firmId))));
      if (oldest?.seq !== null && oldest?.seq !== undefined && Number(oldest.seq) > after + 1) resync = true;
    }
  }
  open.set(who.sessionId, count + 1);
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'x-accel-buffering': 'no',
    'x-request-id': req.id,
    connection: 'keep-alive',
  });
  res.write(`retry: 3000\n\n`);
  if (resync) res.write(`id: ${latest}\nevent: resync\ndata: {}\n\n`);
  const unsubscribe = deps.live.subscribe(
    { firmId: who.firmId, clientId: who.clientId, send: (ev) => void res.write(`id: ${ev.id}\nevent: ${ev.kind}\ndata: ${JSON.stringify(ev.data)}\n\n`) },
    resync ? latest : after,
  );
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  const recheck = setInterval(() => {
    sessionStillActive(deps, ctx).then((ok) => (ok ? undefined : res.end()), () => undefined);
  }, RECHECK_MS);
  const maxAge = setTimeout(() => res.end(), STREAM_MAX_MS);
  const closeAll = () => res.end();
  deps.live.onShutdown(closeAll);
  res.on('close', () => {
    clearInterval(heartbeat);
    clearInterval(recheck);
    clearTimeout(maxAge);
    unsubscribe();
    deps.live.offShutdown(closeAll);
    const n = (open.get(who.sessionId) ?? 1) - 1;
    if (n <= 0) open.delete(who.sessionId);
    else open.set(who.sessionId, n);
  });
}

/** Messages under /api/staff; the staff guard is registered by the caller. */
export function messagesStaffRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['messages'];
    app.get('/threads', { schema: { tags, summary: 'The firm’s conversations with clients (filter unread, assigned to me, client, link; search subjects and client names)', querystring: threadListQuerySchema, response: { 200: threadListSchema } } }, async (req) =>
      messages.listStaffThreads(staffCtxOf(req), req.query),
    );
    app.post('/threads', { schema: { tags, summary: 'Start a conversation with a client', body: staffCreateThreadBodySchema, response: { 201: threadSchema } } }, async (req, reply) =>
      reply.code(201).send(await messages.createThread(staffCtxOf(req), req.body)),
    );
    app.get('/threads/unread', { schema: { tags, summary: 'How many conversations have messages you have not read', response: { 200: unreadCountSchema } } }, async (req) => messages.unreadCount(staffCtxOf(req)));
    app.get('/threads/:id', { schema: { tags, summary: 'A conversation with its messages and read receipts', params: idParamsSchema, response: { 200: threadSchema } } }, async (req) => messages.getThread(staffCtxOf(req), req.params.id));
    app.patch('/threads/:id', { schema: { tags, summary: 'Assign a conversation, or close or reopen it', params: idParamsSchema, body: updateThreadBodySchema, response: { 200: threadSchema } } }, async (req) =>
      messages.updateThread(staffCtxOf(req), req.params.id, req.body),
    );
    app.post('/threads/:id/messages', { schema: { tags, summary: 'Send a message', params: idParamsSchema, body: postMessageBodySchema, response: { 201: messageSchema } } }, async (req, reply) =>
      reply.code(201).send(await messages.postMessage(staffCtxOf(req), req.params.id, req.body)),
    );
    app.patch('/threads/:id/messages/:messageId', { schema: { tags, summary: 'Correct your message (within 5 minutes of sending it)', params: messageThreadParamsSchema, body: editMessageBodySchema, response: { 200: messageSchema } } }, async (req) =>
      messages.editMessage(staffCtxOf(req), req.params.id, req.params.messageId, req.body.body),
    );
    app.post('/threads/:id/messages/:messageId/redact', { schema: { tags, summary: 'Remove a message’s text (audited, with a reason)', params: messageThreadParamsSchema, body: redactMessageBodySchema, response: { 200: messageSchema } } }, async (req) =>
      messages.redactMessage(staffCtxOf(req), req.params.id, req.params.messageId, req.body.reason),
    );
    app.post('/threads/:id/read', { schema: { tags, summary: 'Mark the conversation read (up to a message number, default all)', params: idParamsSchema, body: markReadBodySchema, response: { 200: threadSummarySchema } } }, async (req) =>
      messages.markRead(staffCtxOf(req), req.params.id, { seq: req.body?.seq }),
    );
    app.post('/threads/:id/unread', { schema: { tags, summary: 'Mark the latest message from the client unread', params: idParamsSchema, response: { 200: threadSummarySchema } } }, async (req) =>
      messages.markRead(staffCtxOf(req), req.params.id, { unread: true }),
    );
    app.get('/live', { schema: { tags, summary: 'Live updates (Server-Sent Events): new messages, edits, read receipts, conversation changes; resumes by Last-Event-ID' } }, async (req, reply) => {
      await serveLive(deps, req, reply, staffCtxOf(req));
    });
  };
}

/** Messages under /api/portal/:slug; the client guard is registered by the caller. */
export function messagesPortalRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['portal'];
    app.get('/threads', { schema: { tags, summary: 'Your conversations with the firm', params: portalParamsSchema, querystring: portalThreadListQuerySchema, response: { 200: portalThreadListSchema } } }, async (req) =>
      messages.listPortalThreads(clientCtxOf(req), req.query),
    );
    app.post('/threads', { schema: { tags, summary: 'Start a conversation with the firm', params: portalParamsSchema, body: createThreadBodySchema, response: { 201: threadSchema } } }, async (req, reply) =>
      reply.code(201).send(await messages.createThread(clientCtxOf(req), req.body)),
    );
    app.get('/threads/unread', { schema: { tags, summary: 'How many conversations have messages you have not read', params: portalParamsSchema, response: { 200: unreadCountSchema } } }, async (req) => messages.unreadCount(clientCtxOf(req)));
    app.get('/threads/:id', { schema: { tags, summary: 'A conversation with its messages', params: portalThreadParamsSchema, response: { 200: threadSchema } } }, async (req) => messages.getThread(clientCtxOf(req), req.params.id));
    app.post('/threads/:id/messages', { schema: { tags, summary: 'Send a message', params: portalThreadParamsSchema, body: postMessageBodySchema, response: { 201: messageSchema } } }, async (req, reply) =>
      reply.code(201).send(await messages.postMessage(clientCtxOf(req), req.params.id, req.body)),
    );
    app.patch('/threads/:id/messages/:messageId', { schema: { tags, summary: 'Correct your message (within 5 minutes of sending it)', params: portalMessageParamsSchema, body: editMessageBodySchema, response: { 200: messageSchema } } }, async (req) =>
      messages.editMessage(clientCtxOf(req), req.params.id, req.params.messageId, req.body.body),
    );
    app.post('/threads/:id/read', { schema: { tags, summary: 'Mark the conversation read', params: portalThreadParamsSchema, body: markReadBodySchema, response: { 200: threadSummarySchema } } }, async (req) =>
      messages.markRead(clientCtxOf(req), req.params.id, { seq: req.body?.seq }),
    );
    app.post('/threads/:id/unread', { schema: { tags, summary: 'Mark the latest message from the firm unread', params: portalThreadParamsSchema, response: { 200: threadSummarySchema } } }, async (req) =>
      messages.markRead(clientCtxOf(req), req.params.id, { unread: true }),
    );
    app.get('/live', { schema: { tags, summary: 'Live updates for your conversations (Server-Sent Events; resumes by Last-Event-ID)', params: portalParamsSchema } }, async (req, reply) => {
      await serveLive(deps, req, reply, clientCtxOf(req));
    });
  };
}
