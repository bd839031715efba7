import { and, asc, eq, gt, lt, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.js';
import { queryRows } from '../../db/client.js';
import { liveEventCounters, liveEvents } from '../../db/schema/index.js';

/** One event as Server-Sent Events carry it: `id` is the firm's event number (the SSE id). */
export interface LiveEvent {
  id: number;
  kind: string;
  data: Record<string, unknown>;
}

export interface LiveSubscriber {
  firmId: string;
  /** A portal user sees only their client's events; staff (undefined) see the whole firm's. */
  clientId?: string;
  send(event: LiveEvent): void;
}

const CHANNEL = 'll_live';
const BATCH = 500;

/**
 * Records an event in the caller's transaction and wakes every instance. The per-firm counter row is
 * locked until commit, so a firm's events become visible in number order — a reader that has seen
 * event n never later finds an n − 1 it missed.
 */
export async function publishLive(tx: Tx, firmId: string, event: { kind: string; clientId: string | null; data: Record<string, unknown> }): Promise<number> {
  const [row] = await tx
    .insert(liveEventCounters)
    .values({ firmId, lastSeq: 1 })
    .onConflictDoUpdate({ target: liveEventCounters.firmId, set: { lastSeq: sql`${liveEventCounters.lastSeq} + 1` } })
    .returning({ seq: liveEventCounters.lastSeq });
  const seq = Number(row?.seq);
  await tx.insert(liveEvents).values({ firmId, seq, clientId: event.clientId, kind: event.kind, data: event.data });
  await tx.execute(sql`select pg_notify(${CHANNEL}, ${firmId})`);
  return seq;
}

interface Sub extends LiveSubscriber {
  lastSeq: number;
}

/**
 * Fans live events out to this instance's open SSE connections. Every instance LISTENs on one
 * channel; a notification names a firm, and the hub reads that firm's new events once and hands each
 * connection those it may see. A poll every few seconds (and a catch-up after the listening
 * connection is re-opened) covers a missed notification, so nothing is lost; per-connection
 * numbers mean nothing is sent twice.
 */
export class LiveHub {
  private subs = new Map<string, Set<Sub>>();
  private draining = new Map<string, Promise<void>>();
  private again = new Set<string>();
  private unlisten: (() => Promise<void>) | undefined;
  private poll: NodeJS.Timeout | undefined;
  private closers = new Set<() => void>();

  constructor(private readonly db: Database, private readonly log: { warn(obj: unknown, msg: string): void }, private readonly pollMs = 5000) {}

  async start(): Promise<void> {
    this.unlisten = await this.db.listen(CHANNEL, (firmId) => this.wake(firmId), () => this.wakeAll());
    this.poll = setInterval(() => this.wakeAll(), this.pollMs);
    this.poll.unref();
  }

  /** Open streams register how to end themselves, so shutting down does not wait on them. */
  onShutdown(close: () => void): void {
    this.closers.add(close);
  }

  offShutdown(close: () => void): void {
    this.closers.delete(close);
  }

  /** Ends every open stream (browsers reconnect, to another instance if this one is going away). */
  closeStreams(): void {
    for (const close of [...this.closers]) close();
    this.closers.clear();
  }

  async stop(): Promise<void> {
    this.closeStreams();
    clearInterval(this.poll);
    // The database may already be gone (a test closing it first, a failed start): nothing to undo then.
    await this.unlisten?.().catch(() => undefined);
    this.unlisten = undefined;
    await Promise.all([...this.draining.values()]);
  }

  /** The firm's latest event number (where a fresh connection starts). */
  async latest(firmId: string): Promise<number> {
    const [row] = await this.db.withFirm(firmId, (tx) => tx.select({ seq: liveEventCounters.lastSeq }).from(liveEventCounters).where(eq(liveEventCounters.firmId, firmId)));
    return Number(row?.seq ?? 0);
  }

  /**
   * Adds a connection that has seen everything up to `afterSeq` (Last-Event-ID, or the latest now)
   * and immediately sends anything newer. Returns the function that removes it.
   */
  subscribe(sub: LiveSubscriber, afterSeq: number): () => void {
    const s: Sub = { ...sub, lastSeq: afterSeq };
    let set = this.subs.get(sub.firmId);
    if (!set) this.subs.set(sub.firmId, (set = new Set()));
    set.add(s);
    this.wake(sub.firmId);
    return () => {
      set.delete(s);
      if (set.size === 0 && this.subs.get(sub.firmId) === set) this.subs.delete(sub.firmId);
    };
  }

  connections(): number {
    let n = 0;
    for (const set of this.subs.values()) n += set.size;
    return n;
  }

  private wakeAll(): void {
    for (const firmId of this.subs.keys()) this.wake(firmId);
  }

  /** One drain per firm at a time; a wake during a drain runs one more afterwards. */
  private wake(firmId: string): void {
    if (!this.subs.has(firmId)) return;
    if (this.draining.has(firmId)) {
      this.again.add(firmId);
      return;
    }
    const run = this.drain(firmId)
      .catch((err: unknown) => this.log.warn({ firmId, err: err instanceof Error ? err.message : String(err) }, 'live events: drain failed (the next poll retries)'))
      .finally(() => {
        this.draining.delete(firmId);
        if (this.again.delete(firmId)) this.wake(firmId);
      });
    this.draining.set(firmId, run);
  }

  private async drain(firmId: string): Promise<void> {
    for (;;) {
      const set = this.subs.get(firmId);
      if (!set || set.size === 0) return;
      const from = Math.min(...[...set].map((s) => s.lastSeq));
      const rows = await this.db.withFirm(firmId, (tx) =>
        tx.select().from(liveEvents).where(and(eq(liveEvents.firmId, firmId), gt(liveEvents.seq, from))).orderBy(asc(liveEvents.seq)).limit(BATCH),
      );
      for (const row of rows) {
        const seq = Number(row.seq);
        for (const s of set) {
          if (seq <= s.lastSeq) continue;
          s.lastSeq = seq;
          if (s.clientId !== undefined && row.clientId !== s.clientId) continue;
          try {
            s.send({ id: seq, kind: row.kind, data: row.data });
          } catch {
            set.delete(s);
          }
        }
      }
      if (rows.length < BATCH) return;
    }
  }
}

/** Live events are for reconnecting browsers, not a history: a day is kept, older ones are removed. */
export async function pruneLiveEvents(db: Database, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - 24 * 60 * 60 * 1000);
  const firms = await db.withoutFirm((tx) => queryRows<{ id: string }>(tx, sql`select id from firms`));
  let removed = 0;
  for (const { id } of firms) {
    removed += await db.withFirm(id, async (tx) => (await tx.delete(liveEvents).where(and(eq(liveEvents.firmId, id), lt(liveEvents.createdAt, cutoff))).returning({ seq: liveEvents.seq })).length);
  }
  return removed;
}
