import { expect } from 'vitest';

export interface SseEvent {
  id: string;
  event: string;
  data: string;
}

/** Reads an SSE stream until `until` returns true for the events so far (or times out). */
export async function readEvents(url: string, cookie: string, opts: { lastEventId?: string; until: (evs: SseEvent[]) => boolean; timeoutMs?: number }) {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), opts.timeoutMs ?? 8000);
  const res = await fetch(url, { headers: { cookie, accept: 'text/event-stream', ...(opts.lastEventId ? { 'last-event-id': opts.lastEventId } : {}) }, signal: ctrl.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events: SseEvent[] = [];
  const reader = res.body?.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  try {
    while (reader && !opts.until(events)) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += decoder.decode(value, { stream: true });
      let i: number;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const f = Object.fromEntries(block.split('\n').filter((l) => !l.startsWith(':') && l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
        if (f.event) events.push({ id: f.id ?? '', event: f.event, data: f.data ?? '' });
      }
    }
  } catch {
    // aborted on timeout: return what arrived
  } finally {
    clearTimeout(timer);
    ctrl.abort();
  }
  return events;
}

