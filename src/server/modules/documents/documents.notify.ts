import { and, desc, eq, gt, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { clients, documents, notificationPreferences, staffNotifications, staffUsers } from '../../db/schema/index.js';
import { staffUrl } from '../../platform/http/urls.js';
import { enqueueEmail } from '../../platform/mail/outbox.js';
import { renderEmail } from '../../platform/mail/template.js';
import type { ClientCtx } from '../../platform/tenancy/context.js';
import { emailBranding, findFirm } from '../firms/index.js';

/** Several uploads within this window make one in-app notice and one e-mail. */
const BATCH_MS = 15 * 60 * 1000;

/**
 * Tells the team member looking after the work that the client uploaded: the task's assignee, else
 * the service's, else the client's assigned member — whoever of them is still active; with none of
 * them, every active owner and admin. The e-mail
 * names no files (e-mail is not a secure channel); it says how many and links to the client.
 */
export async function notifyClientUpload(tx: Tx, ctx: ClientCtx, s: { clientId: string; candidates: (string | null | undefined)[] }): Promise<void> {
  const [client] = await tx.select({ name: clients.name, assignedStaffId: clients.assignedStaffId }).from(clients).where(and(eq(clients.firmId, ctx.firmId), eq(clients.id, s.clientId)));
  if (!client) return;
  let assigned: { id: string; email: string; name: string } | undefined;
  for (const id of [...s.candidates, client.assignedStaffId]) {
    if (assigned || !id) continue;
    [assigned] = await tx
      .select({ id: staffUsers.id, email: staffUsers.email, name: staffUsers.name })
      .from(staffUsers)
      .where(and(eq(staffUsers.firmId, ctx.firmId), eq(staffUsers.id, id), eq(staffUsers.status, 'active')));
  }
  // Nobody assigned (or they have left): the firm's owners and admins hear instead, so an upload is never unannounced.
  const recipients = assigned
    ? [assigned]
    : await tx
        .select({ id: staffUsers.id, email: staffUsers.email, name: staffUsers.name })
        .from(staffUsers)
        .where(and(eq(staffUsers.firmId, ctx.firmId), eq(staffUsers.status, 'active'), inArray(staffUsers.role, ['owner', 'admin'])));
  for (const staff of recipients) await notifyOne(tx, ctx, s.clientId, client.name, staff);
}

async function notifyOne(tx: Tx, ctx: ClientCtx, clientId: string, clientName: string, staff: { id: string; email: string; name: string }): Promise<void> {
  const windowStart = new Date(ctx.now.getTime() - BATCH_MS);
  const link = `/app/clients/${clientId}?tab=documents`;
  // The latest notice of this kind: still unread and in the window, it is updated; otherwise a new one
  // is made. Either way it counts the client's uploads since this person last read such a notice (or
  // since the window began), so documents already seen are not counted again. Not "since the open
  // notice was made": two uploads racing make their notice in one order and stamp their documents in
  // the other, and the later one would then count only itself.
  const mine = and(eq(staffNotifications.firmId, ctx.firmId), eq(staffNotifications.staffUserId, staff.id), eq(staffNotifications.kind, 'documents_uploaded'), eq(staffNotifications.link, link));
  const [latest] = await tx
    .select({ id: staffNotifications.id, readAt: staffNotifications.readAt, createdAt: staffNotifications.createdAt })
    .from(staffNotifications)
    .where(mine)
    .orderBy(desc(staffNotifications.createdAt))
    .limit(1);
  const open = latest && latest.readAt === null && latest.createdAt >= windowStart ? latest : undefined;
  const [lastRead] = await tx
    .select({ readAt: staffNotifications.readAt })
    .from(staffNotifications)
    .where(and(mine, isNotNull(staffNotifications.readAt)))
    .orderBy(desc(staffNotifications.readAt))
    .limit(1);
  const since = lastRead?.readAt && lastRead.readAt > windowStart ? lastRead.readAt : windowStart;
  const [{ n } = { n: 1 }] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(documents)
    .where(and(
      eq(documents.firmId, ctx.firmId), eq(documents.clientId, clientId), eq(documents.uploadedByKind, 'portal'), eq(documents.status, 'available'),
      gt(documents.createdAt, since),
    ));
  const count = Math.max(1, Number(n));
  const title = `${clientName} sent ${count === 1 ? 'a document' : `${count} documents`}`;
  if (open) await tx.update(staffNotifications).set({ title }).where(and(eq(staffNotifications.firmId, ctx.firmId), eq(staffNotifications.id, open.id)));
  else await tx.insert(staffNotifications).values({ firmId: ctx.firmId, staffUserId: staff.id, kind: 'documents_uploaded', title, link });

  const [pref] = await tx
    .select({ channel: notificationPreferences.channel })
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.firmId, ctx.firmId), eq(notificationPreferences.staffUserId, staff.id), eq(notificationPreferences.event, 'document_uploaded')));
  if (pref?.channel === 'off') return;
  const firm = await findFirm(tx, ctx.firmId);
  if (!firm) return;
  const email = renderEmail(emailBranding(ctx.config, firm), {
    subject: `${clientName} sent you documents`,
    heading: 'New documents from a client',
    paragraphs: [`${ctx.actor.name} of ${clientName} uploaded documents in the client portal.`, 'Open the client’s documents in Ledger Loom to see them.'],
    button: { label: 'Open the documents', url: staffUrl(ctx.config, `/clients/${clientId}?tab=documents`) },
  });
  // One e-mail per team member, client and 15-minute window, however many files arrive.
  const bucket = Math.floor(ctx.now.getTime() / BATCH_MS);
  await enqueueEmail(tx, { firmId: ctx.firmId, clientId: null, idempotencyKey: `documents-uploaded:${staff.id}:${clientId}:${bucket}`, kind: 'documents_uploaded', to: staff.email, ...email, optional: { userKind: 'staff', userId: staff.id, event: 'document_uploaded', appBaseUrl: ctx.config.appBaseUrl } });
}
