import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamsSchema, pageOf } from '../../../contracts/common.js';
import {
  bulkServicesBodySchema, createQuestionBodySchema, markNotificationsReadBodySchema, notificationsSchema, recurringPlanSchema, updateRecurringPlanBodySchema, createServiceBodySchema, createTaskBodySchema, createTemplateBodySchema,
  serviceDetailSchema, serviceSummarySchema, serviceTemplateSchema, updateServiceBodySchema, updateTaskBodySchema, workListQuerySchema,
} from '../../../contracts/work.js';
import { staffCtxOf } from '../accounts/index.js';
import * as work from './work.service.js';

const tags = ['services and tasks'];
/** Services, tasks, questions, templates and the work list (`/api/staff/...`); the staff guard is registered by the caller. */
export const workStaffRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/templates', { schema: { tags, summary: 'Service templates (the Australian defaults are added on first use)', response: { 200: z.object({ items: z.array(serviceTemplateSchema) }) } } }, async (req) => ({
    items: await work.listTemplates(staffCtxOf(req)),
  }));
  app.post('/templates', { schema: { tags, summary: 'Add a service template (owners and admins)', body: createTemplateBodySchema, response: { 201: serviceTemplateSchema } } }, async (req, reply) =>
    reply.code(201).send(await work.createTemplate(staffCtxOf(req), req.body)),
  );
  app.get('/work', { schema: { tags, summary: 'The work list: services across clients, filtered, sorted and paginated', querystring: workListQuerySchema, response: { 200: pageOf(serviceSummarySchema) } } }, async (req) =>
    work.listWork(staffCtxOf(req), req.query),
  );
  app.post('/services', { schema: { tags, summary: 'Create a service for a client from a template (optionally recurring)', body: createServiceBodySchema, response: { 201: serviceDetailSchema } } }, async (req, reply) =>
    reply.code(201).send(await work.createService(staffCtxOf(req), req.body)),
  );
  app.post('/services/bulk', { schema: { tags, summary: 'Assign or change the stage of many services (all or nothing)', body: bulkServicesBodySchema, response: { 200: z.object({ updated: z.number().int() }) } } }, async (req) =>
    work.bulkUpdateServices(staffCtxOf(req), req.body),
  );
  app.get('/services/:id', { schema: { tags, summary: 'A service with all its tasks and questions', params: idParamsSchema, response: { 200: serviceDetailSchema } } }, async (req) =>
    work.getService(staffCtxOf(req), req.params.id),
  );
  app.patch('/services/:id', { schema: { tags, summary: 'Change a service’s stage, status, due date, assignee or visibility (send its version)', params: idParamsSchema, body: updateServiceBodySchema, response: { 200: serviceDetailSchema } } }, async (req) =>
    work.updateService(staffCtxOf(req), req.params.id, req.body),
  );
  app.post('/services/:id/tasks', { schema: { tags, summary: 'Add a task to a service', params: idParamsSchema, body: createTaskBodySchema, response: { 201: serviceDetailSchema } } }, async (req, reply) =>
    reply.code(201).send(await work.createTask(staffCtxOf(req), req.params.id, req.body)),
  );
  app.patch('/tasks/:id', { schema: { tags, summary: 'Edit a task or change its status (send its version)', params: idParamsSchema, body: updateTaskBodySchema, response: { 200: serviceDetailSchema } } }, async (req) =>
    work.updateTask(staffCtxOf(req), req.params.id, req.body),
  );
  app.post('/tasks/:id/questions', { schema: { tags, summary: 'Ask the client a question on a task (the task then waits on the client)', params: idParamsSchema, body: createQuestionBodySchema, response: { 201: serviceDetailSchema } } }, async (req, reply) =>
    reply.code(201).send(await work.addQuestion(staffCtxOf(req), req.params.id, req.body)),
  );
  app.get('/clients/:id/recurring-services', { schema: { tags, summary: 'A client’s recurring services', params: idParamsSchema, response: { 200: z.object({ items: z.array(recurringPlanSchema) }) } } }, async (req) => ({
    items: await work.listRecurringPlans(staffCtxOf(req), req.params.id),
  }));
  app.patch('/recurring-services/:id', { schema: { tags, summary: 'Stop or resume a recurring service, or change who future periods go to', params: idParamsSchema, body: updateRecurringPlanBodySchema, response: { 200: recurringPlanSchema } } }, async (req) =>
    work.updateRecurringPlan(staffCtxOf(req), req.params.id, req.body),
  );
  app.get('/notifications', { schema: { tags: ['notifications'], summary: 'Your in-app notices', response: { 200: notificationsSchema } } }, async (req) => work.listNotifications(staffCtxOf(req)));
  app.post('/notifications/read', { schema: { tags: ['notifications'], summary: 'Mark your notices read: those listed, or all', body: markNotificationsReadBodySchema, response: { 200: notificationsSchema } } }, async (req) => work.markNotificationsRead(staffCtxOf(req), req.body?.ids));
};
