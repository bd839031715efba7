import type { Tx } from '../../db/client.js';
import { sha256Hex } from '../../platform/crypto/tokens.js';
import type { StaffCtx } from '../../platform/tenancy/context.js';
import * as repo from './audit.repository.js';

export interface AuditEvent {
  firmId: string;
  actorKind: 'staff' | 'portal' | 'anonymous' | 'system';
  actorId?: string | null;
  actorLabel: string;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  targetLabel?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

/** JSON with object keys sorted at every depth: jsonb does not keep key order, the hash must not depend on it. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function rowHash(prevHash: string, e: AuditEvent, at: Date): string {
  // Fixed field order so the hash can be recomputed from the stored row.
  return sha256Hex(
    canonical([prevHash, e.firmId, at.toISOString(), e.actorKind, e.actorId ?? null, e.actorLabel, e.action, e.targetType ?? null, e.targetId ?? null, e.targetLabel ?? null, e.ip ?? null, e.details ?? {}]),
  );
}

/** Appends one security event to the firm's hash-chained audit log, inside the caller's transaction. */
export async function recordAudit(tx: Tx, event: AuditEvent): Promise<void> {
  const prevHash = await repo.lockChainAndGetLastHash(tx, event.firmId);
  // Millisecond precision: what PostgreSQL stores back is what we hash.
  const at = new Date(Math.floor(Date.now()));
  await repo.insertAuditRow(tx, {
    firmId: event.firmId,
    actorKind: event.actorKind,
    actorId: event.actorId ?? null,
    actorLabel: event.actorLabel,
    action: event.action,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    targetLabel: event.targetLabel ?? null,
    ip: event.ip ?? null,
    details: event.details ?? {},
    at,
    prevHash,
    hash: rowHash(prevHash, event, at),
  });
}

/** Recomputes the chain; returns the id of the first row that does not match, or null when intact. */
export async function verifyAuditChain(tx: Tx, firmId: string): Promise<string | null> {
  let prev = 'genesis';
  for (const row of await repo.listAuditChain(tx, firmId)) {
    const expected = rowHash(prev, { ...row, details: row.details }, row.at);
    if (row.prevHash !== prev || row.hash !== expected) return String(row.id);
    prev = row.hash;
  }
  return null;
}

/** The firm's audit log, newest first (owners and admins). */
export async function listAuditLog(ctx: StaffCtx, page: number, pageSize: number) {
  const { items, total } = await ctx.db.withFirm(ctx.firmId, (tx) => repo.listAudit(tx, { firmId: ctx.firmId, page, pageSize }));
  return {
    items: items.map((r) => ({
      id: String(r.id),
      at: r.at.toISOString(),
      actor: r.actorLabel,
      action: r.action,
      target: r.targetLabel ?? (r.targetType ? `${r.targetType} ${r.targetId ?? ''}`.trim() : null),
      ip: r.ip,
      details: r.details,
    })),
    total,
    page,
    pageSize,
  };
}
