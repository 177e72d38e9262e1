// Starting Node programs and Lagom's CLI, signing in and adding a site: for the benchmarks and,
// imported from here, for the tests too (test/helpers/process.ts, test/helpers/lagom.ts), so
// a server is started and signed in to one way. It lives in bench/ because that is what
// tsconfig.build.json compiles for `npm run bench:*`; the tests run from source through
// vitest and can import it, while bench/ could not import test/.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type autocannon from 'autocannon';

/**
 * The checkout this file belongs to: it runs as bench/lib.ts from source (the tests, through
 * vitest) and as dist/bench/lib.js once built (the benchmarks).
 */
const CHECKOUT = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '..' : '../..', import.meta.url));

export interface NodeProcess {
  child: ChildProcess;
  /** everything printed so far (stdout and stderr) */
  output(): string;
  /** resolves with the exit code */
  exited: Promise<number | null>;
}

export interface CliOptions {
  /** the checkout whose built CLI runs (an older release's, for the upgrade test); this one by default */
  cwd?: string;
}

/**
 * Children still running. They die when this process exits, so a benchmark that throws leaves
 * no Lagom running on its own. (A test worker that vitest ends with a signal never gets here:
 * tests still stop what they start.)
 */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Runs `node ...args` with only PATH and HOME of this environment, plus `env`. */
export function spawnNode(args: string[], env: Record<string, string>, options: CliOptions = {}): NodeProcess {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.on('exit', () => running.delete(child));
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

export async function waitFor(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the output matches `ready` and returns the match; fails with the output if the program exits first. */
async function ready(p: NodeProcess, pattern: RegExp, what: string, timeoutMs: number): Promise<RegExpExecArray> {
  // A timeout is reported below like an early exit: with what the program printed.
  await waitFor(() => pattern.test(p.output()) || p.child.exitCode !== null, what, timeoutMs).catch(() => {});
  const match = pattern.exec(p.output());
  if (match) return match;
  // One that hangs is not left running behind the failure.
  p.child.kill('SIGKILL');
  throw new Error(`${what} did not start:\n${p.output()}`);
}

const cliFile = (options: CliOptions) => join(options.cwd ?? CHECKOUT, 'dist/server/cli.js');
const quiet = (env: Record<string, string>) => ({ LAGOM_LOG_LEVEL: 'warn', ...env });

/** Runs a command of the built CLI (`dist/server/cli.js`) with the given environment. */
export function runCli(args: string[], env: Record<string, string>, options: CliOptions = {}): NodeProcess {
  return spawnNode([cliFile(options), ...args], quiet(env), options);
}

/**
 * Runs `lagom start` as `npm start` does, and waits until it says where its dashboard is;
 * `url` is that address (start it with PORT=0 so parallel runs never fight over a port).
 */
export async function startCli(
  env: Record<string, string>,
  options: CliOptions & { timeoutMs?: number } = {},
): Promise<NodeProcess & { url: string }> {
  const file = cliFile(options);
  // The server runs with the flags `npm start` gives it (package.json, server/cli.ts).
  const p = spawnNode(['--max-semi-space-size=4', '--heap-growing-percent=25', file, 'start'], quiet(env), options);
  const [, url] = await ready(p, /Dashboard:\s+(http:\/\/[^/\s]+)/, 'lagom start', options.timeoutMs ?? 20_000);
  return { ...p, url: url! };
}

/** SIGTERM, and wait for the exit. */
export async function stop(p: NodeProcess): Promise<number | null> {
  p.child.kill('SIGTERM');
  return p.exited;
}

/** The benchmarks' owner account, created by the server from LAGOM_ADMIN_* on first start. */
export const OWNER = { email: 'bench@example.com', password: 'bench password' };

/**
 * Starts Lagom on a free 127.0.0.1 port over `dataDir`, with the benchmarks' owner and no rate
 * limit; `env` adds settings, and any LAGOM_* variable given to the benchmark applies too.
 */
export async function startLagom(dataDir: string, env: Record<string, string> = {}): Promise<NodeProcess & { url: string }> {
  return startCli(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      LAGOM_DATA_DIR: dataDir,
      LAGOM_ADMIN_EMAIL: OWNER.email,
      LAGOM_ADMIN_PASSWORD: OWNER.password,
      LAGOM_RATE_LIMIT: '0',
      ...env,
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('LAGOM_')) as Array<[string, string]>),
    },
    // A restart over a large data directory takes longer than a test's fresh one.
    { timeoutMs: 60_000 },
  );
}

/** The bare Koa endpoint the benchmarks measure against (baseline-server.ts), and its URL. */
export async function startBaseline(): Promise<NodeProcess & { url: string }> {
  const p = spawnNode([fileURLToPath(new URL('./baseline-server.js', import.meta.url))], { PORT: '0' });
  const [, port] = await ready(p, /listening (\d+)/, 'the baseline server', 60_000);
  return { ...p, url: `http://127.0.0.1:${port}` };
}

/** Signs an account in (the benchmarks' owner by default); returns the session cookie (`name=value`). */
export async function signIn(url: string, account: { email: string; password: string } = OWNER): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email: account.email, password: account.password }),
  });
  if (res.status !== 200) throw new Error(`could not sign in as ${account.email}: ${res.status} ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

export async function addSite(url: string, cookie: string, domain: string, timezone = 'UTC'): Promise<void> {
  const res = await fetch(`${url}/api/v1/sites`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, cookie },
    body: JSON.stringify({ domain, timezone }),
  });
  if (!res.ok) throw new Error(`could not add ${domain}: ${res.status}`);
}

/** Resident memory of a process we started, in MB, from /proc. */
export function rssMb(pid: number, field = 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** RSS split into the process's own memory and the mapped files (mostly the engine's library). */
export function rssDetail(pid: number): string {
  return `${rssMb(pid)} MB (anonymous ${rssMb(pid, 'RssAnon')} MB, files ${rssMb(pid, 'RssFile')} MB)`;
}

export interface LoadResult {
  rps: number;
  p99: number;
  p50: number;
  total: number;
  non2xx: number;
  errors: number;
}

export async function load(opts: autocannon.Options): Promise<LoadResult> {
  // Loaded on first use: the tests import this file for its launcher and never run a load.
  const { default: run } = await import('autocannon');
  const r = await run(opts);
  return {
    rps: Math.round(r.requests.average),
    p99: r.latency.p99,
    p50: r.latency.p50,
    total: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}
