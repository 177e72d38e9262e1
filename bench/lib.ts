import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));

export interface Started {
  child: ChildProcess;
  output(): string;
}

/** Starts a node program and waits until its output matches `ready`. */
export async function startNode(file: string, env: Record<string, string>, ready: RegExp): Promise<Started> {
  // The server runs with the flags `npm start` gives it (package.json, server/cli.ts).
  const args = file.endsWith('cli.js') ? ['--max-semi-space-size=4', '--heap-growing-percent=25', file, 'start'] : [file];
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const end = Date.now() + 60_000;
  while (!ready.test(out)) {
    if (child.exitCode !== null || Date.now() > end) throw new Error(`${file} did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, output: () => out };
}

export async function stop(s: Started): Promise<void> {
  if (s.child.exitCode !== null) return;
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await exited;
}

/** The benchmarks' owner account, created by the server from LAGOM_ADMIN_* on first start. */
export const OWNER = { email: 'bench@example.com', password: 'bench password' };

/**
 * Starts Lagom on a free 127.0.0.1 port over `dataDir`, with the benchmarks' owner and no rate
 * limit; `env` adds settings, and any LAGOM_* variable given to the benchmark applies too.
 */
export async function startLagom(dataDir: string, env: Record<string, string> = {}): Promise<Started & { url: string }> {
  const started = await startNode(
    here('../server/cli.js'),
    {
      PORT: '0',
      HOST: '127.0.0.1',
      LAGOM_DATA_DIR: dataDir,
      LAGOM_ADMIN_EMAIL: OWNER.email,
      LAGOM_ADMIN_PASSWORD: OWNER.password,
      LAGOM_RATE_LIMIT: '0',
      LAGOM_LOG_LEVEL: 'warn',
      ...env,
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('LAGOM_')) as Array<[string, string]>),
    },
    /Dashboard:\s+http:\/\/127\.0\.0\.1:\d+/,
  );
  return { ...started, url: /Dashboard:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(started.output())![1]! };
}

/** The bare Koa endpoint the benchmarks measure against (baseline-server.ts), and its URL. */
export async function startBaseline(): Promise<Started & { url: string }> {
  const started = await startNode(here('./baseline-server.js'), { PORT: '0' }, /listening \d+/);
  return { ...started, url: `http://127.0.0.1:${/listening (\d+)/.exec(started.output())![1]}` };
}

/** Signs the owner in; returns the session cookie (`name=value`). */
export async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify(OWNER),
  });
  if (!res.ok) throw new Error(`could not sign in: ${res.status}`);
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
  const r = await autocannon(opts);
  return {
    rps: Math.round(r.requests.average),
    p99: r.latency.p99,
    p50: r.latency.p50,
    total: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}
