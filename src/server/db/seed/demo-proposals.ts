import type { ClientCtx, StaffCtx } from '../../platform/tenancy/context.js';
import { addDays, todayIn } from '../../modules/work/periods.js';
import { createProposal, getProposal, listProposalTemplates, sendProposal } from '../../modules/proposals/proposals.service.js';
import { completeProposal, portalAccept, portalProposal } from '../../modules/proposals/signing.service.js';
import { signatureDataUrl } from '../../modules/proposals/signature-png.js';

const daysAgo = <C extends StaffCtx | ClientCtx>(ctx: C, days: number, minutes = 0): C => ({ ...ctx, now: new Date(ctx.now.getTime() - days * 86_400_000 + minutes * 60_000) });
interface Person { id: string; name: string; email: string }

/**
 * Demo proposals, made, sent and signed through the real services (so the links, e-mails, evidence
 * chain and signed PDF are genuine): Coastal Coffee's "Annual compliance package 2026–27", sent two
 * days ago and awaiting Alex's signature; Jordan Lee's "Tax planning 2026–27", sent a week ago and
 * signed by Jordan in the portal the next day, with its signed PDF and certificate of completion in
 * Jordan's documents ("Signed proposals"). Jordan's proposal issues no invoice (his one unpaid
 * invoice stays the only one).
 */
export async function seedDemoProposals(staff: StaffCtx, s: { coffeeId: string; jordanId: string; alex: Person; jordan: Person; timeZone: string }): Promise<{ coffeeProposalId: string; jordanProposalId: string }> {
  const templates = (await listProposalTemplates(staff)).items;
  const annual = templates.find((x) => x.key === 'annual_compliance');
  if (!annual) throw new Error('demo: the annual compliance template is missing');

  const sentCoffee = daysAgo(staff, 2);
  const coffee = await createProposal(sentCoffee, {
    clientId: s.coffeeId, title: 'Annual compliance package 2026–27', intro: annual.intro, terms: annual.terms, items: annual.items,
    signers: [{ portalUserId: s.alex.id }], expiresOn: addDays(todayIn(s.timeZone, sentCoffee.now), annual.validDays), invoiceOnAcceptance: true,
  });
  await sendProposal(sentCoffee, coffee.id, coffee.version);

  const advisory = annual.items.find((i) => i.description.startsWith('Year-end tax planning'))?.serviceTemplateId ?? null;
  const sentJordan = daysAgo(staff, 8);
  const jordan = await createProposal(sentJordan, {
    clientId: s.jordanId, title: 'Tax planning 2026–27',
    intro: 'Thank you for asking us to look at your tax position for the coming year. We will meet before 30 June to review your income, deductions and super contributions, and prepare the schedule for your investment property.',
    terms: annual.terms,
    items: [
      { description: 'Year-end tax planning meeting', scope: 'A one-hour meeting before 30 June to review the year and plan deductions and super contributions.', serviceTemplateId: advisory, kind: 'one_off', quantityMilli: 1000, unitPriceCents: 450_00, gst: 'taxable', optional: false },
      { description: 'Investment property schedule', scope: 'Prepare the rental property schedule for your tax return from your agent’s statements.', serviceTemplateId: null, kind: 'one_off', quantityMilli: 1000, unitPriceCents: 220_00, gst: 'taxable', optional: false },
    ],
    signers: [{ portalUserId: s.jordan.id }], expiresOn: addDays(todayIn(s.timeZone, sentJordan.now), 30), invoiceOnAcceptance: false,
  });
  const sent = await sendProposal(sentJordan, jordan.id, jordan.version);

  // Jordan opens it in the portal the next day and signs (a drawn signature, as the signing page sends it).
  const jordanCtx: ClientCtx = {
    ...staff, userAgent: 'Ledger Loom demo data', actor: { kind: 'client', portalUserId: s.jordan.id, clientId: s.jordanId, name: s.jordan.name, email: s.jordan.email, sessionId: 'demo-seed' },
  };
  await portalProposal(daysAgo(jordanCtx, 7), jordan.id);
  const signAt = daysAgo(jordanCtx, 7, 6);
  await portalAccept(signAt, jordan.id, { consent: true, fullName: s.jordan.name, signature: signatureDataUrl(2), chosenOptionalItemIds: [], proposalVersion: sent.currentVersion });
  // The signed PDF is made right after signing; should that have failed, make it now (idempotent), as the proposals job would.
  if (!(await getProposal(staff, jordan.id)).signedDocumentId) await completeProposal({ ...staff, now: signAt.now }, staff.firmId, jordan.id);
  const done = await getProposal(staff, jordan.id);
  if (done.status !== 'accepted' || !done.signedDocumentId) throw new Error(`demo: Jordan's proposal is ${done.status} without a signed PDF`);
  return { coffeeProposalId: coffee.id, jordanProposalId: jordan.id };
}
