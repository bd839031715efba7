import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, type UploadProgress } from './api-client';

export type UploadStatus = 'waiting' | 'uploading' | 'done' | 'failed' | 'cancelled';

/** One file on its way (or not) to the server. */
export interface UploadItem<T> {
  id: number;
  file: File;
  status: UploadStatus;
  loaded: number;
  total: number;
  /** Why it was not received, in plain words (checked here first, or the server's reason). */
  error: string | null;
  /** The server's reply once received. */
  result: T | null;
}

export interface UploadControls {
  signal: AbortSignal;
  onProgress: (progress: UploadProgress) => void;
}

export interface UploadQueueOptions<C, T> {
  /** Sends one file with what it was added with (e.g. the category chosen at the time). */
  send: (file: File, context: C, controls: UploadControls) => Promise<T>;
  /** A reason to refuse the file before sending anything (too large, a type never accepted), or null. */
  check?: (file: File) => string | null;
  onUploaded?: (result: T, file: File) => void;
  /** How many files travel at once. */
  concurrency?: number;
}

interface Entry<C, T> extends UploadItem<T> {
  context: C;
}

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

/**
 * Several files uploaded side by side, each with its own progress, cancel and outcome. The list
 * stays on screen (received, refused, cancelled) until cleared, so people can see what arrived.
 */
export function useUploadQueue<C, T>({ send, check, onUploaded, concurrency = 3 }: UploadQueueOptions<C, T>) {
  const [items, setItems] = useState<Array<Entry<C, T>>>([]);
  const controllers = useRef(new Map<number, AbortController>());
  const nextId = useRef(1);
  const latest = useRef({ send, onUploaded });
  latest.current = { send, onUploaded };

  const patch = useCallback((id: number, change: Partial<UploadItem<T>>) => {
    setItems((list) => list.map((item) => (item.id === id ? { ...item, ...change } : item)));
  }, []);

  // Start waiting files while fewer than `concurrency` are on their way.
  useEffect(() => {
    const running = items.filter((i) => i.status === 'uploading').length;
    const ready = items.filter((i) => i.status === 'waiting').slice(0, Math.max(0, concurrency - running));
    for (const item of ready) {
      const controller = new AbortController();
      controllers.current.set(item.id, controller);
      patch(item.id, { status: 'uploading' });
      latest.current
        .send(item.file, item.context, {
          signal: controller.signal,
          onProgress: (p) => patch(item.id, { loaded: p.loaded, total: p.total }),
        })
        .then(
          (result) => {
            patch(item.id, { status: 'done', result, loaded: item.file.size, total: item.file.size });
            latest.current.onUploaded?.(result, item.file);
          },
          (error: unknown) => patch(item.id, isAbort(error) ? { status: 'cancelled' } : { status: 'failed', error: errorMessage(error) }),
        )
        .finally(() => controllers.current.delete(item.id));
    }
  }, [items, concurrency, patch]);

  // Leaving the page cancels whatever is still travelling.
  useEffect(() => {
    const map = controllers.current;
    return () => {
      for (const controller of map.values()) controller.abort();
    };
  }, []);

  const add = useCallback(
    (files: Iterable<File>, context: C) => {
      const added = [...files].map((file): Entry<C, T> => {
        const reason = check?.(file) ?? null;
        return { id: nextId.current++, file, context, status: reason ? 'failed' : 'waiting', loaded: 0, total: file.size, error: reason, result: null };
      });
      setItems((list) => [...list, ...added]);
    },
    [check],
  );

  const cancel = useCallback(
    (id: number) => {
      const controller = controllers.current.get(id);
      if (controller) controller.abort();
      else patch(id, { status: 'cancelled' });
    },
    [patch],
  );

  const dismiss = useCallback((id: number) => setItems((list) => list.filter((i) => i.id !== id || i.status === 'uploading')), []);
  const clearFinished = useCallback(() => setItems((list) => list.filter((i) => i.status === 'uploading' || i.status === 'waiting')), []);

  const busy = items.some((i) => i.status === 'uploading' || i.status === 'waiting');
  return { items: items as ReadonlyArray<UploadItem<T>>, add, cancel, dismiss, clearFinished, busy };
}
