// The built CLI as the tests run it. Starting it and signing in are bench/lib.ts's, shared with
// the benchmarks, so tests and benchmarks start a server one way; this file keeps the names the
// tests have always used.
import { signIn, startCli, stop, type CliOptions, type NodeProcess } from '../../bench/lib.js';

export {
  runCli,
  startCli,
  stop as stopCli,
  waitFor,
  type CliOptions,
  type NodeProcess as LagomProcess,
} from '../../bench/lib.js';

/** Logs the owner in and returns the session cookie ("name=value"). */
export const loginCookie = (url: string, email: string, password: string): Promise<string> => signIn(url, { email, password });

/** How long a server that was sent SIGTERM in afterAll gets before it is killed. */
const STOP_GRACE_MS = 15_000;

/**
 * The CLI servers a test file starts, so that its afterAll can stop whichever are still
 * running: a test that fails between its start and its stop must not leave a server behind,
 * on a data directory that afterAll then deletes. A server leaves the set when it exits, however
 * it was stopped.
 */
export function cliServers() {
  const running = new Set<NodeProcess>();
  return {
    /** `lagom start`, as startCli, and tracked. */
    async start(env: Record<string, string>, options?: CliOptions & { timeoutMs?: number }): Promise<NodeProcess & { url: string }> {
      const p = await startCli(env, options);
      running.add(p);
      void p.exited.then(() => running.delete(p));
      return p;
    },
    /** For afterAll: SIGTERM to every server still running, SIGKILL to one that outlasts the grace. */
    async stopAll(): Promise<void> {
      await Promise.all(
        [...running].map(async (p) => {
          const timer = setTimeout(() => p.child.kill('SIGKILL'), STOP_GRACE_MS);
          try {
            await stop(p);
          } finally {
            clearTimeout(timer);
          }
        }),
      );
      running.clear();
    },
  };
}
