import type { ClientCtx, StaffCtx } from '../../platform/tenancy/context.js';
import { createThread, markRead, postMessage } from '../../modules/messages/messages.service.js';

const hoursAgo = <C extends StaffCtx | ClientCtx>(ctx: C, n: number): C => ({ ...ctx, now: new Date(ctx.now.getTime() - n * 60 * 60 * 1000) });

/**
 * Demo conversations: Coastal Coffee's "Question about Q3 BAS" (about this quarter's BAS) with three
 * messages, the last — from Mia — not yet read by Alex; and one about the overdue invoice, which Alex
 * has answered.
 */
export async function seedDemoMessages(
  staff: StaffCtx,
  s: { clientId: string; alex: { id: string; name: string; email: string }; basServiceId?: string; overdueInvoiceId?: string },
): Promise<void> {
  const alex: ClientCtx = {
    ...staff,
    actor: { kind: 'client', portalUserId: s.alex.id, clientId: s.clientId, name: s.alex.name, email: s.alex.email, sessionId: 'demo-seed' },
  };
  const bas = await createThread(hoursAgo(alex, 30), {
    subject: 'Question about Q3 BAS',
    body: 'Hi Mia,\nDo you need the fuel receipts for the delivery van for this BAS, or just the bank statements?\nThanks, Alex',
    link: s.basServiceId ? { kind: 'service', id: s.basServiceId } : null,
    attachmentIds: [],
  });
  await postMessage(hoursAgo(staff, 26), bas.id, { body: 'Hi Alex,\nYes please — the fuel receipts help us claim the GST credits. Photos are fine: upload them in the BAS task or attach them here.', attachmentIds: [] });
  await markRead(hoursAgo(alex, 20), bas.id, {});
  await postMessage(hoursAgo(staff, 2), bas.id, { body: 'Thanks Alex, the receipts came through. One more thing: was the $1,850.00 payment to Bayside Equipment on 14/08 for the new grinder?', attachmentIds: [] });

  if (s.overdueInvoiceId) {
    const overdue = await createThread(hoursAgo(staff, 50), {
      clientId: s.clientId,
      subject: 'Your overdue invoice',
      body: 'Hi Alex,\nJust a friendly note that this invoice is now past its due date. You can pay it online with Pay Now, or let us know if you would like to arrange instalments.',
      link: { kind: 'invoice', id: s.overdueInvoiceId },
      attachmentIds: [],
    });
    await postMessage(hoursAgo(alex, 44), overdue.id, { body: 'Sorry about that — we will pay it by Friday.', attachmentIds: [] });
    await markRead(hoursAgo(staff, 40), overdue.id, {});
  }
}
