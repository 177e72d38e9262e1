import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export interface Started {
  child: ChildProcess;
  output(): string;
}

/** Starts a node program and waits until its output matches `ready`. */
export async function startNode(file: string, env: Record<string, string>, ready: RegExp): Promise<Started> {
  // The server runs with the flags `npm start` gives it (package.json, server/cli.ts).
  const args = file.endsWith('cli.js') ? ['--max-semi-space-size=4', file, 'start'] : [file];
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
