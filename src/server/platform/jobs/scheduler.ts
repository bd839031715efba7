import type { FastifyBaseLogger } from 'fastify';

export interface Job {
  name: string;
  intervalMs: number;
  run(now: Date): Promise<unknown>;
}

/**
 * Runs each job on its interval, one run at a time per job in this process. Jobs themselves claim
 * their work in PostgreSQL (FOR UPDATE SKIP LOCKED and unique keys), so several instances may run
 * the same job at once and each item is still done once.
 */
export function createScheduler(jobs: Job[], logger: FastifyBaseLogger) {
  const timers: NodeJS.Timeout[] = [];
  const running = new Map<string, Promise<unknown>>();
  const tick = (job: Job) => {
    if (running.has(job.name)) return;
    const p = job
      .run(new Date())
      .catch((err: unknown) => logger.error({ err, job: job.name }, 'job failed'))
      .finally(() => running.delete(job.name));
    running.set(job.name, p);
  };
  return {
    start() {
      for (const job of jobs) {
        const t = setInterval(() => tick(job), job.intervalMs);
        t.unref();
        timers.push(t);
      }
    },
    async stop() {
      for (const t of timers) clearInterval(t);
      await Promise.all(running.values());
    },
  };
}
