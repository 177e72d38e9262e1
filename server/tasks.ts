import type { Logger } from 'pino';

/** A piece of background work and how often it runs. */
export interface Task {
  name: string;
  everyMs: number;
  /** first run after start-up */
  firstAfterMs: number;
  run(): Promise<unknown>;
}

/**
 * Runs each task on its interval, never two runs of one task at once; a failure is logged and
 * the task tries again at its next turn.
 */
export function startTasks(
  tasks: Task[],
  logger: Logger,
  onResult: (task: string, ok: boolean) => void = () => {},
): { stop(): Promise<void> } {
  const timers: NodeJS.Timeout[] = [];
  const running = new Map<string, Promise<unknown>>();
  const runOnce = (task: Task) => {
    if (running.has(task.name)) return;
    const started = Date.now();
    const p = task
      .run()
      .then((result) => {
        onResult(task.name, true);
        logger.info({ task: task.name, ms: Date.now() - started, result }, 'task finished');
      })
      .catch((err: unknown) => {
        onResult(task.name, false);
        logger.error({ err, task: task.name }, 'task failed');
      })
      .finally(() => running.delete(task.name));
    running.set(task.name, p);
  };
  for (const task of tasks) {
    const first = setTimeout(() => {
      runOnce(task);
      const every = setInterval(() => runOnce(task), task.everyMs);
      every.unref();
      timers.push(every);
    }, task.firstAfterMs);
    first.unref();
    timers.push(first);
  }
  return {
    async stop() {
      for (const t of timers) clearTimeout(t);
      await Promise.allSettled(running.values());
    },
  };
}
