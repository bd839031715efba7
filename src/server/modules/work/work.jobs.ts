import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../db/client.js';
import { enqueueEmail } from '../../platform/mail/outbox.js';
import { faultPoint } from '../../platform/faults.js';
import { portalBaseUrl } from '../../platform/http/urls.js';
import { renderEmail } from '../../platform/mail/template.js';
import type { Deps } from '../../platform/tenancy/context.js';
import { recordAudit } from '../audit/index.js';
import { emailBranding, findFirm } from '../firms/index.js';
import { computeDueDate, addDays, nextPeriodStart, periodContaining, periodName, todayIn } from './periods.js';
import * as repo from './work.repository.js';
import { insertServiceWithTasks } from './work.service.js';
import { clients, notificationPreferences, portalUsers } from '../../db/schema/index.js';
import { and, eq, inArray } from 'drizzle-orm';

async function firmsFrom(db: Database, query: ReturnType<typeof sql>): Promise<string[]> {
  const rows = await db.withoutFirm((tx) => queryRows<{ firm_id: string }>(tx, query));
  return rows.map((r) => r.firm_id);
}

/**
 * Creates each recurring plan's next service ahead of time: once the period is within `lead_days`
 * of its end. Plan rows are locked (SKIP LOCKED) and the (plan, period) key is unique, and the plan
 * advances in the same transaction as the insert — so a period's service is created exactly once
 * across instances and restarts. Catches up at most 12 periods per plan per run.
 */
export async function runRecurringServices(deps: Deps, now: Date): Promise<number> {
  let created = 0;
  // Firms' dates run up to a day ahead of UTC: ask with tomorrow's date, then check each firm exactly in its own zone.
  const firmIds = await firmsFrom(deps.db, sql`select ll_firms_with_due_plans(${addDays(now.toISOString().slice(0, 10), 1)}::date, 100) as firm_id`);
  for (const firmId of firmIds) {
    created += await deps.db.withFirm(firmId, async (tx) => {
      const firm = await findFirm(tx, firmId);
      const today = todayIn(firm?.timeZone ?? 'Australia/Sydney', now);
      let n = 0;
      for (const plan of await repo.claimDuePlans(tx, { firmId, today, limit: 200 })) {
        const template = await repo.findTemplate(tx, { firmId, templateId: plan.templateId });
        if (!template) continue;
        let start = plan.nextPeriodStart;
        for (let i = 0; i < 12; i++) {
          const period = periodContaining(plan.frequency, start);
          if (addDays(period.end, -plan.leadDays) > today) break;
          const named = periodName(template.name, plan.frequency, period.start);
          const service = await insertServiceWithTasks(tx, {
            firmId, clientId: plan.clientId, template, name: named.name, fyLabel: named.fyLabel, periodStart: period.start, periodEnd: period.end,
            dueDate: computeDueDate(template.dueDateRule, period.end, plan.agentConcession), assigneeId: plan.assigneeId, visibleToClient: plan.visibleToClient, recurringPlanId: plan.id,
          });
          if (service) {
            n++;
            if (n === 1) await faultPoint('recurring:after-first-service'); // crash tests: one period's service inserted, not committed
            await recordAudit(tx, { firmId, actorKind: 'system', actorLabel: 'recurring services', action: 'service.created', targetType: 'service', targetId: service.id, targetLabel: service.name, details: { recurringPlanId: plan.id } });
          }
          start = nextPeriodStart(plan.frequency, period.start);
        }
        if (start !== plan.nextPeriodStart) await repo.advancePlan(tx, { firmId, planId: plan.id, nextPeriodStart: start });
      }
      return n;
    });
  }
  return created;
}

/**
 * Sends the batched "Waiting on You" e-mails: once a client's oldest pending notice is older than the
 * batch window, each of the client's active portal users (unless they turned the e-mail off) gets one
 * e-mail covering all of them. The e-mail names no answers or documents — only that something waits.
 */
export async function sendClientNotices(deps: Deps, now: Date, batchSeconds: number): Promise<number> {
  const before = new Date(now.getTime() - batchSeconds * 1000);
  let sent = 0;
  const firmIds = await firmsFrom(deps.db, sql`select ll_firms_with_due_notices(${before.toISOString()}::timestamptz, 100) as firm_id`);
  for (const firmId of firmIds) {
    sent += await deps.db.withFirm(firmId, async (tx) => {
      const firm = await findFirm(tx, firmId);
      if (!firm) return 0;
      const notices = await repo.claimDueNotices(tx, { firmId, before });
      const byClient = new Map<string, typeof notices>();
      for (const n of notices) byClient.set(n.client_id, [...(byClient.get(n.client_id) ?? []), n]);
      let count = 0;
      for (const [clientId, list] of byClient) {
        const people = await tx
          .select({ id: portalUsers.id, email: portalUsers.email, name: portalUsers.name })
          .from(portalUsers)
          .where(and(eq(portalUsers.firmId, firmId), eq(portalUsers.clientId, clientId), eq(portalUsers.status, 'active')));
        const prefs = people.length
          ? await tx.select().from(notificationPreferences).where(and(eq(notificationPreferences.firmId, firmId), inArray(notificationPreferences.portalUserId, people.map((p) => p.id))))
          : [];
        // "Off" stops these here; a daily choice is held for the digest by enqueueEmail.
        const wants = (personId: string, event: string) => prefs.find((p) => p.portalUserId === personId && p.event === event)?.channel !== 'off';
        const [client] = await tx.select({ name: clients.name }).from(clients).where(and(eq(clients.firmId, firmId), eq(clients.id, clientId)));
        const portal = portalBaseUrl(deps.config, firm.slug);
        const waitingNotices = list.filter((n) => n.event === 'task_waiting');
        const waiting = waitingNotices.length > 0 ? await repo.listWaitingTasks(tx, { firmId, clientId }) : [];
        if (waiting.length > 0) {
          for (const person of people) {
            if (!wants(person.id, 'task_waiting')) continue;
            const email = renderEmail(emailBranding(deps.config, firm), {
              subject: waiting.length === 1 ? `${firm.displayName} needs something from you` : `${firm.displayName} needs ${waiting.length} things from you`,
              heading: 'Waiting on You',
              paragraphs: [
                `Hello ${person.name.split(' ')[0] ?? person.name},`,
                `${waiting.length === 1 ? 'A task' : `${waiting.length} tasks`} for ${client?.name ?? 'you'} ${waiting.length === 1 ? 'needs' : 'need'} your input in the client portal: ${waiting.slice(0, 5).map((t) => `“${t.name}”`).join(', ')}${waiting.length > 5 ? ' and more' : ''}.`,
                'Sign in to the portal to answer your accountant’s questions or upload what they asked for. Responding promptly keeps your work on schedule.',
              ],
              // One waiting task links straight to its service; several link to the dashboard's Action required list.
              button: waiting.length === 1 && waiting[0]
                ? { label: 'Open the task', url: `${portal}/services/${waiting[0].serviceId}` }
                : { label: 'Open the client portal', url: `${portal}/` },
            });
            await enqueueEmail(tx, { firmId, clientId, idempotencyKey: `task-waiting:${waitingNotices[0]?.id}:${person.id}`, kind: 'task_waiting', to: person.email, ...email, optional: { userKind: 'portal', userId: person.id, event: 'task_waiting', appBaseUrl: deps.config.appBaseUrl } });
            count++;
          }
        }
        const sharedNotices = list.filter((n) => n.event === 'document_shared');
        const shared = await repo.countSharedDocuments(tx, { firmId, clientId, documentIds: sharedNotices.map((n) => n.document_id).filter((id): id is string => Boolean(id)) });
        if (shared > 0) {
          for (const person of people) {
            if (!wants(person.id, 'document_shared')) continue;
            // No file names: e-mail is not a secure channel for client information.
            const email = renderEmail(emailBranding(deps.config, firm), {
              subject: shared === 1 ? `${firm.displayName} shared a document with you` : `${firm.displayName} shared ${shared} documents with you`,
              heading: 'New documents',
              paragraphs: [
                `Hello ${person.name.split(' ')[0] ?? person.name},`,
                `${firm.displayName} shared ${shared === 1 ? 'a document' : `${shared} documents`} with ${client?.name ?? 'you'} in the client portal.`,
                'Sign in to the portal to open them under Documents.',
              ],
              button: { label: 'Open Documents', url: `${portal}/documents` },
            });
            await enqueueEmail(tx, { firmId, clientId, idempotencyKey: `document-shared:${sharedNotices[0]?.id}:${person.id}`, kind: 'document_shared', to: person.email, ...email, optional: { userKind: 'portal', userId: person.id, event: 'document_shared', appBaseUrl: deps.config.appBaseUrl } });
            count++;
          }
        }
        await repo.markNoticesSent(tx, { firmId, ids: list.map((n) => n.id), at: now });
      }
      return count;
    });
  }
  return sent;
}
