import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { firms } from './firms.js';
import { clients, portalUsers, staffUsers } from './people.js';

export interface StageDef { key: string; name: string; clientLabel: string }
export interface TemplateTaskDef { name: string; description: string; clientVisible: boolean }

/** A firm's service templates: stages of the workflow and default tasks. Defaults are copied in per firm. */
export const serviceTemplates = pgTable(
  'service_templates',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    recurrence: text('recurrence').$type<'none' | 'monthly' | 'quarterly' | 'annually'>().notNull().default('none'),
    dueDateRule: text('due_date_rule').$type<'manual' | 'bas_quarterly' | 'bas_monthly' | 'individual_return'>().notNull().default('manual'),
    stages: jsonb('stages').$type<StageDef[]>().notNull(),
    tasks: jsonb('tasks').$type<TemplateTaskDef[]>().notNull(),
    archived: boolean('archived').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('service_templates_firm_name_key').on(t.firmId, t.name)],
);

/** A client set up for a repeating service; the job creates each period's service once. */
export const recurringPlans = pgTable(
  'recurring_plans',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    clientId: uuid('client_id').notNull().references(() => clients.id),
    templateId: uuid('template_id').notNull().references(() => serviceTemplates.id),
    frequency: text('frequency').$type<'monthly' | 'quarterly' | 'annually'>().notNull(),
    agentConcession: boolean('agent_concession').notNull().default(true),
    assigneeId: uuid('assignee_id').references(() => staffUsers.id),
    visibleToClient: boolean('visible_to_client').notNull().default(true),
    /** The start of the next period whose service has not been created yet. */
    nextPeriodStart: date('next_period_start', { mode: 'string' }).notNull(),
    /** Create the next period's service this many days before that period ends. */
    leadDays: integer('lead_days').notNull().default(14),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('recurring_plans_firm_next_idx').on(t.firmId, t.nextPeriodStart),
    // One active plan per client and template: a second would create every period's service twice.
    uniqueIndex('recurring_plans_active_client_template_key').on(t.firmId, t.clientId, t.templateId).where(sql`active`),
  ],
);

export const services = pgTable(
  'services',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    clientId: uuid('client_id').notNull().references(() => clients.id),
    templateId: uuid('template_id').references(() => serviceTemplates.id),
    templateName: text('template_name').notNull(),
    name: text('name').notNull(),
    periodStart: date('period_start', { mode: 'string' }),
    periodEnd: date('period_end', { mode: 'string' }),
    fyLabel: text('fy_label'),
    dueDate: date('due_date', { mode: 'string' }),
    dueDateRule: text('due_date_rule').$type<'manual' | 'bas_quarterly' | 'bas_monthly' | 'individual_return'>().notNull().default('manual'),
    stages: jsonb('stages').$type<StageDef[]>().notNull(),
    stageKey: text('stage_key').notNull(),
    status: text('status').$type<'active' | 'completed' | 'cancelled'>().notNull().default('active'),
    assigneeId: uuid('assignee_id').references(() => staffUsers.id),
    visibleToClient: boolean('visible_to_client').notNull().default(true),
    recurringPlanId: uuid('recurring_plan_id').references(() => recurringPlans.id),
    version: integer('version').notNull().default(1),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('services_firm_due_idx').on(t.firmId, t.dueDate),
    index('services_firm_client_idx').on(t.firmId, t.clientId),
    // Exactly one service per recurring plan and period, however many job runs race.
    uniqueIndex('services_plan_period_key').on(t.firmId, t.recurringPlanId, t.periodStart),
  ],
);

export const tasks = pgTable(
  'tasks',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    clientId: uuid('client_id').notNull().references(() => clients.id),
    serviceId: uuid('service_id').notNull().references(() => services.id),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    status: text('status').$type<'not_started' | 'in_progress' | 'waiting_on_client' | 'completed'>().notNull().default('not_started'),
    dueDate: date('due_date', { mode: 'string' }),
    assigneeId: uuid('assignee_id').references(() => staffUsers.id),
    clientVisible: boolean('client_visible').notNull().default(true),
    position: integer('position').notNull().default(0),
    version: integer('version').notNull().default(1),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('tasks_firm_service_idx').on(t.firmId, t.serviceId, t.position), index('tasks_firm_client_status_idx').on(t.firmId, t.clientId, t.status)],
);

export const taskQuestions = pgTable(
  'task_questions',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    clientId: uuid('client_id').notNull().references(() => clients.id),
    taskId: uuid('task_id').notNull().references(() => tasks.id),
    kind: text('kind').$type<'text' | 'yes_no' | 'choice' | 'date' | 'amount' | 'upload'>().notNull(),
    prompt: text('prompt').notNull(),
    choices: jsonb('choices').$type<string[]>().notNull().default([]),
    required: boolean('required').notNull().default(true),
    position: integer('position').notNull().default(0),
    /** jsonb so each kind keeps its type: string, boolean, integer cents, yyyy-mm-dd. */
    answer: jsonb('answer').$type<string | boolean | number | null>(),
    draft: jsonb('draft').$type<string | boolean | number | null>(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    answeredBy: uuid('answered_by').references(() => portalUsers.id),
    /** For a document request (kind "upload"): when the firm wants it by. */
    dueDate: date('due_date', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('task_questions_firm_task_idx').on(t.firmId, t.taskId, t.position)],
);

/** Client e-mails waiting to be batched ("Waiting on You"): one e-mail per person per batch window. */
export const clientNotices = pgTable(
  'client_notices',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    clientId: uuid('client_id').notNull().references(() => clients.id),
    event: text('event').$type<'task_waiting' | 'document_shared'>().notNull(),
    taskId: uuid('task_id').references(() => tasks.id),
    documentId: uuid('document_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('client_notices_firm_pending_idx').on(t.firmId, t.sentAt, t.createdAt)],
);

/** A portal user's choice per event: immediately, daily digest or off (edited in the profile issue). */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    portalUserId: uuid('portal_user_id').references(() => portalUsers.id),
    staffUserId: uuid('staff_user_id').references(() => staffUsers.id),
    event: text('event').notNull(),
    channel: text('channel').$type<'immediately' | 'daily' | 'off'>().notNull(),
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  },
  (t) => [uniqueIndex('notification_preferences_user_event_key').on(t.firmId, t.portalUserId, t.staffUserId, t.event)],
);

/** In-app notices for staff (the bell count), e.g. a client answered the last question. */
export const staffNotifications = pgTable(
  'staff_notifications',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    staffUserId: uuid('staff_user_id').notNull().references(() => staffUsers.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    link: text('link').notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('staff_notifications_firm_user_idx').on(t.firmId, t.staffUserId, t.readAt)],
);
