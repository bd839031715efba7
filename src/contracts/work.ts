import { z } from 'zod';
import { uuidSchema } from './common.js';
import { portalDocumentSchema } from './documents.js';

/** Services, tasks and questions (issue: services and tasks). Dates are calendar dates, yyyy-mm-dd. */
export const isoDateSchema = z.iso.date({ message: 'must be a date like 2026-04-28' });

export const taskStatuses = ['not_started', 'in_progress', 'waiting_on_client', 'completed'] as const;
export const taskStatusSchema = z.enum(taskStatuses);
export type TaskStatus = z.infer<typeof taskStatusSchema>;
/** The words clients and staff see (the client guide says "Waiting on You"). */
export const taskStatusLabels: Record<TaskStatus, string> = {
  not_started: 'Not Started',
  in_progress: 'In Progress',
  waiting_on_client: 'Waiting on You',
  completed: 'Completed',
};
export const staffTaskStatusLabels: Record<TaskStatus, string> = { ...taskStatusLabels, waiting_on_client: 'Waiting on client' };

export const serviceStatuses = ['active', 'completed', 'cancelled'] as const;
export const serviceStatusSchema = z.enum(serviceStatuses);

export const recurrenceSchema = z.enum(['none', 'monthly', 'quarterly', 'annually']);
export const dueDateRuleSchema = z.enum(['manual', 'bas_quarterly', 'bas_monthly', 'individual_return']);
export type DueDateRule = z.infer<typeof dueDateRuleSchema>;

export const stageSchema = z.object({
  key: z.string().regex(/^[a-z0-9_]{1,40}$/),
  name: z.string().min(1).max(80),
  /** What the client sees as the service's current status. */
  clientLabel: z.string().min(1).max(80),
});
export type Stage = z.infer<typeof stageSchema>;

export const templateTaskSchema = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(4000).default(''),
  clientVisible: z.boolean().default(true),
});

export const serviceTemplateSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  description: z.string(),
  recurrence: recurrenceSchema,
  dueDateRule: dueDateRuleSchema,
  stages: z.array(stageSchema),
  tasks: z.array(z.object({ name: z.string(), description: z.string(), clientVisible: z.boolean() })),
});
export type ServiceTemplate = z.infer<typeof serviceTemplateSchema>;

export const createTemplateBodySchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    description: z.string().max(2000).default(''),
    recurrence: recurrenceSchema.default('none'),
    dueDateRule: dueDateRuleSchema.default('manual'),
    stages: z.array(stageSchema).min(2, 'needs at least two stages').max(12),
    tasks: z.array(templateTaskSchema).max(50).default([]),
  })
  .strict()
  .refine((t) => new Set(t.stages.map((s) => s.key)).size === t.stages.length, { message: 'stage keys must be unique', path: ['stages'] });

export const personSchema = z.object({ id: z.string(), name: z.string(), initials: z.string() });

export const serviceSummarySchema = z.object({
  id: z.string(),
  clientId: z.string(),
  clientName: z.string(),
  name: z.string(),
  templateName: z.string(),
  fyLabel: z.string().nullable(),
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  dueDate: z.string().nullable(),
  overdue: z.boolean(),
  status: serviceStatusSchema,
  stageKey: z.string(),
  stageName: z.string(),
  stageClientLabel: z.string(),
  assignee: personSchema.nullable(),
  visibleToClient: z.boolean(),
  tasksDone: z.number().int(),
  tasksTotal: z.number().int(),
  tasksWaitingOnClient: z.number().int(),
  version: z.number().int(),
});
export type ServiceSummary = z.infer<typeof serviceSummarySchema>;

export const questionKinds = ['text', 'yes_no', 'choice', 'date', 'amount', 'upload'] as const;
export const questionKindSchema = z.enum(questionKinds);
export type QuestionKind = z.infer<typeof questionKindSchema>;

/** An answer's value by kind: text → string, yes_no → boolean, choice → one of the choices, date → yyyy-mm-dd, amount → integer cents. */
export const answerValueSchema = z.union([z.string().max(10000), z.boolean(), z.number().int().min(-1_000_000_000_00).max(1_000_000_000_00), z.null()]);

export const questionSchema = z.object({
  id: z.string(),
  taskId: z.string(),
  kind: questionKindSchema,
  prompt: z.string(),
  choices: z.array(z.string()),
  required: z.boolean(),
  answer: answerValueSchema,
  draft: answerValueSchema,
  answeredAt: z.string().nullable(),
  answeredBy: z.string().nullable(),
  /** For a "Please upload" request: when the firm would like it by. */
  dueDate: z.string().nullable(),
});
export type Question = z.infer<typeof questionSchema>;

export const taskSchema = z.object({
  id: z.string(),
  serviceId: z.string(),
  name: z.string(),
  description: z.string(),
  status: taskStatusSchema,
  dueDate: z.string().nullable(),
  overdue: z.boolean(),
  assignee: personSchema.nullable(),
  clientVisible: z.boolean(),
  position: z.number().int(),
  questions: z.array(questionSchema),
  /** The task's documents section: every version, newest first (staff also see ones not shared with the client). */
  documents: z.array(portalDocumentSchema),
  version: z.number().int(),
  completedAt: z.string().nullable(),
});
export type Task = z.infer<typeof taskSchema>;

export const serviceDetailSchema = serviceSummarySchema.extend({
  stages: z.array(stageSchema),
  recurringPlanId: z.string().nullable(),
  dueDateRule: dueDateRuleSchema,
  tasks: z.array(taskSchema),
});
export type ServiceDetail = z.infer<typeof serviceDetailSchema>;

export const createServiceBodySchema = z
  .object({
    clientId: uuidSchema,
    templateId: uuidSchema,
    name: z.string().trim().min(1).max(200).optional(),
    periodStart: isoDateSchema.optional(),
    periodEnd: isoDateSchema.optional(),
    /** Omit to compute from the template's ATO rule (BAS, individual returns). */
    dueDate: isoDateSchema.optional(),
    agentConcession: z.boolean().default(true),
    assigneeId: uuidSchema.nullable().optional(),
    visibleToClient: z.boolean().default(true),
    /** Set up the recurring service too: the next period's service is created automatically. */
    recurring: z.boolean().default(false),
  })
  .strict();
export type CreateServiceBody = z.input<typeof createServiceBodySchema>;

export const updateServiceBodySchema = z
  .object({
    version: z.number().int().min(1),
    name: z.string().trim().min(1).max(200).optional(),
    dueDate: isoDateSchema.nullable().optional(),
    stageKey: z.string().max(40).optional(),
    assigneeId: uuidSchema.nullable().optional(),
    visibleToClient: z.boolean().optional(),
    status: serviceStatusSchema.optional(),
  })
  .strict();

export const createTaskBodySchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(4000).default(''),
    dueDate: isoDateSchema.nullable().optional(),
    assigneeId: uuidSchema.nullable().optional(),
    clientVisible: z.boolean().default(true),
  })
  .strict();

export const updateTaskBodySchema = z
  .object({
    version: z.number().int().min(1),
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(4000).optional(),
    status: taskStatusSchema.optional(),
    dueDate: isoDateSchema.nullable().optional(),
    assigneeId: uuidSchema.nullable().optional(),
    clientVisible: z.boolean().optional(),
  })
  .strict();

export const createQuestionBodySchema = z
  .object({
    kind: questionKindSchema,
    prompt: z.string().trim().min(1).max(1000),
    choices: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
    required: z.boolean().default(true),
    /** Only for kind "upload" (a document request): when the document is wanted by. */
    dueDate: isoDateSchema.nullable().optional(),
  })
  .strict()
  .refine((q) => q.kind === 'upload' || q.dueDate == null, { message: 'only a document request (Please upload) has a due date', path: ['dueDate'] })
  .refine((q) => q.kind !== 'choice' || q.choices.length >= 2, { message: 'a choice question needs at least two choices', path: ['choices'] })
  .refine((q) => q.kind !== 'choice' || new Set(q.choices.map((c) => c.toLowerCase())).size === q.choices.length, { message: 'each choice must be different', path: ['choices'] });

export const answerBodySchema = z
  .object({
    answers: z.array(z.object({ questionId: uuidSchema, value: answerValueSchema })).min(1).max(50),
    /** false saves a draft; true submits (required questions must all be answered). */
    submit: z.boolean(),
  })
  .strict();
export type AnswerBody = z.infer<typeof answerBodySchema>;

export const workListQuerySchema = z
  .object({
    status: serviceStatusSchema.optional(),
    stageKey: z.string().max(40).optional(),
    assigneeId: z.union([uuidSchema, z.literal('unassigned')]).optional(),
    clientId: uuidSchema.optional(),
    dueFrom: isoDateSchema.optional(),
    dueTo: isoDateSchema.optional(),
    /** true: only overdue services; false: only those that are not overdue. */
    overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    /** true: only services with a task waiting on the client; false: only those without. */
    waitingOnClient: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    sort: z.enum(['due', '-due', 'client', 'name', 'stage']).default('due'),
    page: z.coerce.number().int().min(1).max(100000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
  })
  .refine((q) => !q.dueFrom || !q.dueTo || q.dueFrom <= q.dueTo, { message: 'must be on or after dueFrom', path: ['dueTo'] });

export const bulkServicesBodySchema = z
  .object({
    serviceIds: z.array(uuidSchema).min(1).max(200),
    assigneeId: uuidSchema.nullable().optional(),
    stageKey: z.string().max(40).optional(),
  })
  .strict()
  .refine((b) => b.assigneeId !== undefined || b.stageKey !== undefined, { message: 'choose an assignee or a stage' });

export const portalDashboardV2Schema = z.object({
  client: z.object({ id: z.string(), name: z.string() }),
  greetingName: z.string(),
  actionRequired: z.object({
    count: z.number().int(),
    tasks: z.array(z.object({ id: z.string(), name: z.string(), serviceId: z.string(), serviceName: z.string(), dueDate: z.string().nullable() })),
  }),
  services: z.array(serviceSummarySchema.omit({ clientId: true, clientName: true, visibleToClient: true, version: true, templateName: true })),
});

/** GET /api/staff/notifications: the signed-in staff member's in-app notices. */
export const notificationsSchema = z.object({
  unread: z.number().int(),
  items: z.array(z.object({ id: z.string(), kind: z.string(), title: z.string(), link: z.string(), read: z.boolean(), createdAt: z.string() })),
});
export type Notifications = z.infer<typeof notificationsSchema>;

/** POST /api/staff/notifications/read: the given notices (the one just followed), or all when no body. */
export const markNotificationsReadBodySchema = z.object({ ids: z.array(z.string().uuid()).min(1).max(100) }).strict().nullish();

/** A client's recurring service: the next period's service is created automatically. */
export const recurringPlanSchema = z.object({
  id: z.string(),
  clientId: z.string(),
  templateId: z.string(),
  templateName: z.string(),
  frequency: z.enum(['monthly', 'quarterly', 'annually']),
  nextPeriodStart: z.string(),
  agentConcession: z.boolean(),
  assignee: personSchema.nullable(),
  visibleToClient: z.boolean(),
  active: z.boolean(),
});
export type RecurringPlan = z.infer<typeof recurringPlanSchema>;

export const updateRecurringPlanBodySchema = z
  .object({ active: z.boolean().optional(), assigneeId: uuidSchema.nullable().optional(), visibleToClient: z.boolean().optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'say what to change: active, assigneeId or visibleToClient' });
