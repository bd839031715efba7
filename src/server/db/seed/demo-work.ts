import { and, eq } from 'drizzle-orm';
import type { Deps, StaffCtx } from '../../platform/tenancy/context.js';
import { addDays, fyQuarterOf, todayIn } from '../../modules/work/periods.js';
import { addQuestion, createService, listTemplates, updateService, updateTask } from '../../modules/work/work.service.js';
import { importDocument } from '../../modules/documents/index.js';
import { clients, firms, portalUsers, staffUsers } from '../schema/index.js';
import { demoPdf } from './demo-pdf.js';
import { seedDemoInvoices } from './demo-invoices.js';
import { seedDemoMessages } from './demo-messages.js';
import { seedDemoRequests } from './demo-requests.js';
import { seedDemoProposals } from './demo-proposals.js';

async function setDue(ctx: StaffCtx, task: { id: string; version: number } | undefined, dueDate: string) {
  if (task) await updateTask(ctx, task.id, { version: task.version, dueDate });
}

/**
 * Demo services and tasks, dated relative to today so the demo always looks current: Coastal Coffee
 * has this quarter's BAS (In preparation, Mia, one task Waiting on You with two questions, the document
 * request "Bank statements Jan–Mar" and Alex's "Sales report Q3.pdf"), the shared "2025 Financial statements.pdf", the
 * Company Tax Return in progress and last quarter's BAS completed; Jordan Lee's Individual Tax Return
 * has a task Waiting on You. Proposals: Coastal Coffee's awaiting Alex's signature, Jordan's signed
 * (demo-proposals.ts).
 */
export async function seedDemoWork(deps: Deps): Promise<void> {
  const [firm] = await deps.db.withoutFirm((tx) => tx.select().from(firms).where(eq(firms.slug, 'harbourside')));
  if (!firm) return;
  await deps.db.withFirm(firm.id, async (tx) => {
    const staff = await tx.select().from(staffUsers).where(eq(staffUsers.firmId, firm.id));
    const cls = await tx.select().from(clients).where(eq(clients.firmId, firm.id));
    return { staff, cls };
  }).then(async ({ staff, cls }) => {
    const owner = staff.find((s) => s.role === 'owner');
    const mia = staff.find((s) => s.email === 'mia@harbourside.example');
    const coffee = cls.find((c) => c.name === 'Coastal Coffee Pty Ltd');
    const jordan = cls.find((c) => c.name === 'Jordan Lee');
    if (!owner || !mia || !coffee || !jordan) return;
    const ctx: StaffCtx = {
      ...deps, requestId: 'demo-seed', ip: '127.0.0.1', userAgent: 'demo seed', now: new Date(), firmId: firm.id,
      actor: { kind: 'staff', userId: owner.id, role: 'owner', name: owner.name, email: owner.email, sessionId: 'demo-seed' },
    };
    const templates = await listTemplates(ctx);
    const t = (name: string) => {
      const found = templates.find((x) => x.name === name);
      if (!found) throw new Error(`demo template ${name} missing`);
      return found.id;
    };
    const today = todayIn(firm.timeZone, ctx.now);
    const thisQuarter = fyQuarterOf(today);
    const lastQuarter = fyQuarterOf(addDays(thisQuarter.start, -1));

    await importDocument(deps, {
      firmId: firm.id, clientId: coffee.id, fileName: '2025 Financial statements.pdf', contentType: 'application/pdf', category: 'Financial statements',
      bytes: demoPdf('Coastal Coffee Pty Ltd - Financial statements for the year ended 30 June 2025', ['Revenue: $312,480.00', 'Net profit before tax: $41,205.00', 'Prepared by Harbourside Accounting']),
      uploadedBy: { kind: 'staff', id: owner.id, name: owner.name }, visibleToClient: true,
    });

    const bas = await createService(ctx, { clientId: coffee.id, templateId: t('BAS Preparation'), periodStart: thisQuarter.start, agentConcession: true, assigneeId: mia.id, visibleToClient: true, recurring: true });
    const basStaged = await updateService(ctx, bas.id, { version: bas.version, stageKey: 'in_preparation' });
    const recordsTask = basStaged.tasks.find((x) => x.clientVisible);
    if (recordsTask) {
      await addQuestion(ctx, recordsTask.id, { kind: 'yes_no', prompt: 'Did the business buy any equipment or vehicles over $1,000 this quarter?', choices: [], required: true });
      const asked = await addQuestion(ctx, recordsTask.id, { kind: 'amount', prompt: 'How much cash did you take that was not banked?', choices: [], required: true });
      await addQuestion(ctx, recordsTask.id, { kind: 'upload', prompt: 'Bank statements Jan–Mar', choices: [], required: true, dueDate: addDays(today, 10) });
      await setDue(ctx, asked.tasks.find((x) => x.id === recordsTask.id), addDays(today, 14));
      const [alex] = await deps.db.withFirm(firm.id, (tx) => tx.select().from(portalUsers).where(and(eq(portalUsers.firmId, firm.id), eq(portalUsers.email, 'alex@coastalcoffee.example'))));
      if (alex) {
        await importDocument(deps, {
          firmId: firm.id, clientId: coffee.id, taskId: recordsTask.id, serviceId: bas.id, fileName: 'Sales report Q3.pdf', contentType: 'application/pdf',
          bytes: demoPdf('Coastal Coffee Pty Ltd - Sales report Q3', ['Total sales (GST inclusive): $84,315.40', 'GST collected: $7,665.04', 'Prepared by Alex Morgan']),
          uploadedBy: { kind: 'portal', id: alex.id, name: alex.name }, visibleToClient: true,
        });
      }
    }

    const ctr = await createService(ctx, { clientId: coffee.id, templateId: t('Company Tax Return'), periodStart: '2025-07-01', periodEnd: '2026-06-30', dueDate: addDays(today, 45), agentConcession: true, assigneeId: owner.id, visibleToClient: true, recurring: false });
    await updateService(ctx, ctr.id, { version: ctr.version, stageKey: 'in_preparation' });

    let done = await createService(ctx, { clientId: coffee.id, templateId: t('BAS Preparation'), periodStart: lastQuarter.start, agentConcession: true, assigneeId: mia.id, visibleToClient: true, recurring: false });
    for (const task of done.tasks) done = await updateTask(ctx, task.id, { version: task.version, status: 'completed' });
    await updateService(ctx, done.id, { version: done.version, stageKey: 'lodged', status: 'completed' });

    const itr = await createService(ctx, { clientId: jordan.id, templateId: t('Individual Tax Return'), periodStart: '2025-07-01', agentConcession: true, assigneeId: mia.id, visibleToClient: true, recurring: false });
    const questionnaire = itr.tasks.find((x) => x.name === 'Tax questionnaire');
    if (questionnaire) {
      await addQuestion(ctx, questionnaire.id, { kind: 'choice', prompt: 'Did your work situation change this year?', choices: ['No change', 'New job', 'Started a business', 'Stopped working'], required: true });
      const asked = await addQuestion(ctx, questionnaire.id, { kind: 'text', prompt: 'List any work-related expenses you want to claim.', choices: [], required: false });
      await setDue(ctx, asked.tasks.find((x) => x.id === questionnaire.id), addDays(today, 21));
    }

    const { overdueId } = await seedDemoInvoices(ctx, { coffeeId: coffee.id, jordanId: jordan.id, coffeeBasId: bas.id });
    const [alex] = await deps.db.withFirm(firm.id, (tx) => tx.select().from(portalUsers).where(and(eq(portalUsers.firmId, firm.id), eq(portalUsers.email, 'alex@coastalcoffee.example'))));
    if (alex) {
      await seedDemoMessages({ ...ctx, actor: { ...ctx.actor, userId: mia.id, name: mia.name, email: mia.email } }, { clientId: coffee.id, alex, basServiceId: bas.id, overdueInvoiceId: overdueId });
      await seedDemoRequests({ ...ctx, actor: { kind: 'client', portalUserId: alex.id, clientId: coffee.id, name: alex.name, email: alex.email, sessionId: 'demo-seed' } });
    }
    const [jordanUser] = await deps.db.withFirm(firm.id, (tx) => tx.select().from(portalUsers).where(and(eq(portalUsers.firmId, firm.id), eq(portalUsers.email, 'jordan@lee.example'))));
    if (alex && jordanUser) await seedDemoProposals(ctx, { coffeeId: coffee.id, jordanId: jordan.id, alex, jordan: jordanUser, timeZone: firm.timeZone });
  });
}
