import { expect } from 'vitest';
import { sql } from 'drizzle-orm';
import type { ServiceDetail, ServiceTemplate, Task } from '../src/contracts/work.js';
import { queryRows } from '../src/server/db/client.js';
import { asStaff, createFirmWorld, type Session, type TestApp } from './harness.js';

/**
 * Services-and-tasks fixtures for the work module's integration tests: a firm world with an owner
 * session and the firm's templates by name, and small helpers that fail loudly when a set-up step
 * does not answer as expected (so a test never runs on half-made data).
 */
export type World = Awaited<ReturnType<typeof createFirmWorld>>;

export interface WorkWorld extends World {
  owner$: Session;
  templates: Record<string, ServiceTemplate>;
}

export async function workWorld(t: TestApp, label = 'a'): Promise<WorkWorld> {
  const w = await createFirmWorld(t.db, label);
  const owner$ = await asStaff(t, w.owner.email);
  const res = await owner$.req('GET', '/api/staff/templates');
  expect(res.statusCode, res.body).toBe(200);
  const templates = Object.fromEntries((res.json().items as ServiceTemplate[]).map((x) => [x.name, x]));
  return { ...w, owner$, templates };
}

export function templateId(w: WorkWorld, name: string): string {
  const tpl = w.templates[name];
  if (!tpl) throw new Error(`no template called ${name}`);
  return tpl.id;
}

/** POST /api/staff/services expecting 201. */
export async function createService(s: Session, body: Record<string, unknown>): Promise<ServiceDetail> {
  const res = await s.req('POST', '/api/staff/services', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as ServiceDetail;
}

/** A BAS service for client 1 (two client-visible tasks, two internal ones). */
export async function basService(w: WorkWorld, over: Record<string, unknown> = {}): Promise<ServiceDetail> {
  return createService(w.owner$, { clientId: w.client1.id, templateId: templateId(w, 'BAS Preparation'), periodStart: '2026-01-01', ...over });
}

export function visibleTask(s: ServiceDetail, n = 0): Task {
  const task = s.tasks.filter((x) => x.clientVisible)[n];
  if (!task) throw new Error('no client-visible task');
  return task;
}

export function internalTask(s: ServiceDetail): Task {
  const task = s.tasks.find((x) => !x.clientVisible);
  if (!task) throw new Error('no internal task');
  return task;
}

export function taskIn(s: ServiceDetail, taskId: string): Task {
  const task = s.tasks.find((x) => x.id === taskId);
  if (!task) throw new Error(`task ${taskId} not in service`);
  return task;
}

/** POST a question expecting 201; returns the service and the new question's id. */
export async function ask(s: Session, taskId: string, body: Record<string, unknown>) {
  const res = await s.req('POST', `/api/staff/tasks/${taskId}/questions`, body);
  expect(res.statusCode, res.body).toBe(201);
  const service = res.json() as ServiceDetail;
  const questions = taskIn(service, taskId).questions;
  const question = questions[questions.length - 1];
  if (!question) throw new Error('question not created');
  return { service, questionId: question.id };
}

/** PATCH a task expecting 200. */
export async function patchTask(s: Session, taskId: string, body: Record<string, unknown>): Promise<Task> {
  const res = await s.req('PATCH', `/api/staff/tasks/${taskId}`, body);
  expect(res.statusCode, res.body).toBe(200);
  return taskIn(res.json() as ServiceDetail, taskId);
}

/** Every row the firm owns in every table with a firm_id (and its firm row), to prove a refusal changed nothing. */
export async function firmSnapshot(t: TestApp, firmId: string): Promise<string> {
  const tables = await queryRows<{ table_name: string }>(t.db.owner, sql`
    select table_name from information_schema.columns where table_schema = 'public' and column_name = 'firm_id' order by table_name`);
  const snapshot: Record<string, unknown> = {};
  [snapshot.firm] = await queryRows(t.db.owner, sql`select * from firms where id = ${firmId}`);
  for (const { table_name: table } of tables) {
    // Sessions refresh their idle clock on use; they are not what these tests protect.
    if (table === 'sessions' || table === 'rate_limits') continue;
    const rows = await queryRows<Record<string, unknown>>(t.db.owner, sql`select * from ${sql.identifier(table)} where firm_id = ${firmId}`);
    snapshot[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return JSON.stringify(snapshot);
}

export async function countRows(t: TestApp, table: string, where: ReturnType<typeof sql>): Promise<number> {
  const [row] = await queryRows<{ n: number }>(t.db.owner, sql`select count(*)::int as n from ${sql.identifier(table)} where ${where}`);
  return row?.n ?? 0;
}
