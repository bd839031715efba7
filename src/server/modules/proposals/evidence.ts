import { and, asc, desc, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { proposalEvents } from '../../db/schema/index.js';
import { sha256Hex } from '../../platform/crypto/tokens.js';

/**
 * The evidence trail of a proposal (Electronic Transactions Act s 10: identity, intention,
 * reliability, consent). Each event stores the previous event's hash and its own hash over a fixed
 * list of its fields, so changing, removing or reordering any stored event is detected by
 * recomputing the chain. Events are appended only with the proposal's row locked (the caller holds
 * SELECT … FOR UPDATE), so two signers at once cannot fork it; the table is append-only in SQL too.
 */

export type EventRow = typeof proposalEvents.$inferSelect;
export type EventKind = EventRow['kind'];
export type AuthMethod = NonNullable<EventRow['authMethod']>;

export const GENESIS = 'genesis';

/** JSON with object keys sorted at every depth: jsonb does not keep key order, the hash must not depend on it. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

type Hashed = Pick<EventRow, 'firmId' | 'proposalId' | 'seq' | 'version' | 'kind' | 'signerId' | 'signerName' | 'signerEmail' | 'authMethod' | 'ip' | 'userAgent' | 'data' | 'at'>;

export function eventHash(prevHash: string, e: Hashed): string {
  return sha256Hex(canonical([prevHash, e.firmId, e.proposalId, e.seq, e.version, e.kind, e.signerId, e.signerName, e.signerEmail, e.authMethod, e.ip, e.userAgent, e.at.toISOString(), e.data]));
}

export interface NewEvent {
  firmId: string;
  proposalId: string;
  version: number;
  kind: EventKind;
  signer?: { id: string; name: string; email: string } | null;
  authMethod?: AuthMethod | null;
  ip?: string | null;
  userAgent?: string | null;
  data?: Record<string, unknown>;
  at: Date;
}

/** Appends one event; the caller holds the proposal's row lock. */
export async function appendEvent(tx: Tx, e: NewEvent): Promise<EventRow> {
  const [last] = await tx.select({ seq: proposalEvents.seq, hash: proposalEvents.hash }).from(proposalEvents)
    .where(and(eq(proposalEvents.firmId, e.firmId), eq(proposalEvents.proposalId, e.proposalId))).orderBy(desc(proposalEvents.seq)).limit(1);
  // Millisecond precision: what PostgreSQL stores back is what we hash.
  const at = new Date(Math.floor(e.at.getTime()));
  const row: Hashed = {
    firmId: e.firmId, proposalId: e.proposalId, seq: (last?.seq ?? 0) + 1, version: e.version, kind: e.kind,
    signerId: e.signer?.id ?? null, signerName: e.signer?.name ?? null, signerEmail: e.signer?.email ?? null,
    authMethod: e.authMethod ?? null, ip: e.ip ?? null, userAgent: e.userAgent?.slice(0, 400) ?? null, data: e.data ?? {}, at,
  };
  const prevHash = last?.hash ?? GENESIS;
  const [inserted] = await tx.insert(proposalEvents).values({ ...row, prevHash, hash: eventHash(prevHash, row) }).returning();
  if (!inserted) throw new Error('proposal event insert returned nothing');
  return inserted;
}

export async function listEvents(tx: Tx, s: { firmId: string; proposalId: string }): Promise<EventRow[]> {
  return tx.select().from(proposalEvents).where(and(eq(proposalEvents.firmId, s.firmId), eq(proposalEvents.proposalId, s.proposalId))).orderBy(asc(proposalEvents.seq));
}

/** Recomputes the chain; the seq of the first event that does not match, or null when intact. */
export function brokenAt(events: EventRow[]): number | null {
  let prev = GENESIS;
  let seq = 1;
  for (const e of events) {
    if (e.seq !== seq || e.prevHash !== prev || eventHash(prev, e) !== e.hash) return e.seq;
    prev = e.hash;
    seq += 1;
  }
  return null;
}
