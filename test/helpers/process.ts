// The built CLI as the tests run it. Starting it and signing in are bench/lib.ts's, shared with
// the benchmarks, so tests and benchmarks start a server one way; this file keeps the names the
// tests have always used.
import { signIn } from '../../bench/lib.js';

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
