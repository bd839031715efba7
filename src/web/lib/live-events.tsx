import { createContext, type ReactNode, useContext, useEffect, useMemo, useRef } from 'react';

/** One Server-Sent Event as the server names it (`event:`), with its parsed JSON `data`. */
export interface LiveEvent {
  kind: string;
  data: unknown;
}

type Listener = (event: LiveEvent) => void;

/** Told to listeners when the stream was down and events may have been missed: fetch everything again. */
export const RESYNC = 'resync';

/** After the browser gives up (a refused connection: signed out, too many tabs), a fresh stream is tried this much later. */
const REOPEN_MS = 30_000;

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * One EventSource and the listeners of its event names. The browser reconnects by itself with
 * Last-Event-ID when the server ends a stream (it does every few minutes); when it gives up instead,
 * a new stream is opened after a pause and listeners are told to resync, because what happened
 * meanwhile was not delivered.
 */
class LiveStream {
  private readonly listeners = new Map<string, Set<Listener>>();
  private source: EventSource | null = null;
  private attached = new Set<string>();
  private timer: number | undefined;
  private running = false;

  constructor(private readonly url: string) {}

  start(): void {
    if (this.running || typeof EventSource === 'undefined') return;
    this.running = true;
    this.open(false);
  }

  stop(): void {
    this.running = false;
    window.clearTimeout(this.timer);
    this.source?.close();
    this.source = null;
  }

  subscribe(kinds: ReadonlyArray<string>, listener: Listener): () => void {
    for (const kind of kinds) {
      let set = this.listeners.get(kind);
      if (!set) this.listeners.set(kind, (set = new Set()));
      set.add(listener);
      this.attach(kind);
    }
    return () => {
      for (const kind of kinds) this.listeners.get(kind)?.delete(listener);
    };
  }

  private tell(event: LiveEvent): void {
    for (const listener of [...(this.listeners.get(event.kind) ?? [])]) listener(event);
  }

  private attach(kind: string): void {
    const source = this.source;
    if (!source || this.attached.has(kind)) return;
    this.attached.add(kind);
    source.addEventListener(kind, (e) => this.tell({ kind, data: e instanceof MessageEvent && typeof e.data === 'string' ? parse(e.data) : null }));
  }

  private open(reopened: boolean): void {
    const source = new EventSource(this.url, { withCredentials: true });
    this.source = source;
    this.attached = new Set();
    for (const kind of this.listeners.keys()) this.attach(kind);
    if (reopened) source.addEventListener('open', () => this.tell({ kind: RESYNC, data: {} }), { once: true });
    source.addEventListener('error', () => {
      // CONNECTING: the browser is already retrying (with Last-Event-ID). CLOSED: it gave up.
      if (source.readyState !== EventSource.CLOSED || !this.running || this.source !== source) return;
      source.close();
      this.timer = window.setTimeout(() => {
        if (this.running) this.open(true);
      }, REOPEN_MS);
    });
  }
}

const LiveEventsContext = createContext<LiveStream | null>(null);

/** One live-updates stream for the signed-in app (cookies carry the session; same origin). */
export function LiveEventsProvider({ url, children }: { url: string; children: ReactNode }) {
  const stream = useMemo(() => new LiveStream(url), [url]);
  useEffect(() => {
    stream.start();
    return () => stream.stop();
  }, [stream]);
  return <LiveEventsContext.Provider value={stream}>{children}</LiveEventsContext.Provider>;
}

/**
 * Calls `listener` for each live event of these kinds (include RESYNC to hear about gaps). The
 * latest listener is used, so it may close over fresh values without resubscribing.
 */
export function useLiveEvents(kinds: ReadonlyArray<string>, listener: Listener): void {
  const stream = useContext(LiveEventsContext);
  const latest = useRef(listener);
  latest.current = listener;
  const key = kinds.join(' ');
  useEffect(() => {
    if (!stream) return;
    return stream.subscribe(key.split(' '), (e) => latest.current(e));
  }, [stream, key]);
}
