import { z } from 'zod';
import { isoDateSchema } from './work.js';
import { messageBodySchema } from './messages.js';
import { pageQuerySchema, uuidSchema } from './common.js';
import { proposalDetailSchema, proposalStatusSchema } from './proposals.js';

/**
 * A client's request for new work (the portal's Request Service): what kind of work (one of the
 * firm's service templates, or "Something else") and what they need. Staff reply (a message thread),
 * turn it into a service or into a pre-filled proposal, or decline it with a reason; the client sees
 * the status and is e-mailed on each change.
 *
 * With a proposal: making the draft leaves the request In discussion; sending it makes it `proposed`
 * ("Proposal sent"); the proposal accepted (every signer signed) makes it Accepted (serviceId = the
 * first service the proposal set up); declined, withdrawn or made a draft again (new version) puts it
 * back to In discussion, still linked, so the firm can revise, propose afresh, reply or decline.
 */
export const serviceRequestStatuses = ['submitted', 'in_discussion', 'proposed', 'accepted', 'declined'] as const;
export const serviceRequestStatusSchema = z.enum(serviceRequestStatuses);
export type ServiceRequestStatus = z.infer<typeof serviceRequestStatusSchema>;
/** The portal's words for each status. */
export const serviceRequestStatusLabels: Record<ServiceRequestStatus, string> = {
  submitted: 'Submitted',
  in_discussion: 'In discussion',
  proposed: 'Proposal sent',
  accepted: 'Accepted',
  declined: 'Declined',
};

export const SOMETHING_ELSE = 'Something else';

export const serviceRequestOptionsSchema = z.object({
  /** The firm's service templates a client may ask for, then "Something else" (templateId null). */
  categories: z.array(z.object({ templateId: uuidSchema.nullable(), label: z.string() })),
});

export const createServiceRequestBodySchema = z
  .object({
    templateId: uuidSchema.nullable(),
    description: messageBodySchema,
    attachmentIds: z.array(uuidSchema).max(10, 'at most 10 documents').default([]),
  })
  .strict();

export const serviceRequestSchema = z.object({
  id: uuidSchema,
  client: z.object({ id: uuidSchema, name: z.string() }),
  requestedBy: z.string(),
  category: z.string(),
  templateId: uuidSchema.nullable(),
  description: z.string(),
  attachments: z.array(z.object({ id: uuidSchema, fileName: z.string(), sizeBytes: z.number().int(), contentType: z.string() })),
  status: serviceRequestStatusSchema,
  /** The conversation staff started about it, if any. */
  threadId: uuidSchema.nullable(),
  /** The service it became, if accepted (for a proposal: the first service the proposal set up). */
  serviceId: uuidSchema.nullable(),
  /**
   * The proposal answering it (the newest made from it). Staff see it from the draft on; the portal
   * only once it was sent — link to the portal page /proposals/:id.
   */
  proposalId: uuidSchema.nullable(),
  /** That proposal's status (draft, sent, accepted, declined, withdrawn, expired), null without one. */
  proposalStatus: proposalStatusSchema.nullable(),
  declineReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type ServiceRequestDto = z.infer<typeof serviceRequestSchema>;

export const serviceRequestListQuerySchema = pageQuerySchema.extend({ status: serviceRequestStatusSchema.optional(), clientId: uuidSchema.optional() }).strict();
export const serviceRequestListSchema = z.object({ items: z.array(serviceRequestSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), openCount: z.number().int() });
export const portalServiceRequestListSchema = z.object({ items: z.array(serviceRequestSchema) });

export const replyServiceRequestBodySchema = z.object({ version: z.number().int().min(1), body: messageBodySchema }).strict();
export const acceptServiceRequestBodySchema = z
  .object({
    version: z.number().int().min(1),
    templateId: uuidSchema,
    name: z.string().trim().min(1).max(200).optional(),
    periodStart: isoDateSchema.optional(),
    dueDate: isoDateSchema.optional(),
    assigneeId: uuidSchema.nullable().optional(),
  })
  .strict();
export const declineServiceRequestBodySchema = z.object({ version: z.number().int().min(1), reason: z.string().trim().min(1, 'is required: the client is told why').max(1000) }).strict();

/** POST /api/staff/service-requests/:id/propose: the pre-filled draft proposal and the request, now linked to it. */
export const proposeServiceRequestReplySchema = z.object({ request: serviceRequestSchema, proposal: proposalDetailSchema });
