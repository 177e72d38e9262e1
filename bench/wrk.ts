// HTTP load from `wrk` (Debian's), a C load generator in its own process: a JavaScript generator
// in the benchmark's process takes a core from the servers on a two-core machine (measured:
// Lagom / bare Koa 0.41 with autocannon, 0.49 with wrk on the same build). Installed with apt
// when missing. Only 127.0.0.1 is ever targeted.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadResult } from './lib.js';

const WRK = '/usr/bin/wrk';

/** wrk, installed from Debian when it is not there yet (the benchmark's own dependency). */
export function ensureWrk(): string {
  if (existsSync(WRK)) return WRK;
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const run = (args: string[]) => execFileSync(sudo[0] ?? args[0]!, sudo.length ? args : args.slice(1), { stdio: 'inherit' });
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', 'wrk']);
  if (!existsSync(WRK)) throw new Error('wrk is not installed and apt-get could not install it');
  return WRK;
}

export interface WrkRequest {
  method: 'POST' | 'GET';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface WrkOptions {
  /** http://127.0.0.1:port */
  url: string;
  connections: number;
  seconds: number;
  /** cycled through in order, one per request, across all connections */
  requests: WrkRequest[];
  threads?: number;
}

/** A Lua script that hands out the requests in turn. */
function script(requests: WrkRequest[]): string {
  const lua = (s: string) => JSON.stringify(s); // a JSON string is a valid Lua string here (no \u escapes in our payloads)
  const items = requests.map((r) => {
    const headers = Object.entries(r.headers ?? {}).map(([k, v]) => `[${lua(k)}] = ${lua(v)}`).join(', ');
    return `wrk.format(${lua(r.method)}, ${lua(r.path)}, { ${headers} }, ${r.body === undefined ? 'nil' : lua(r.body)})`;
  });
  return `local requests = {}
init = function(args)
  requests = { ${items.join(',\n    ')} }
end
local i = 0
request = function()
  i = i % #requests + 1
  return requests[i]
end
done = function(summary, latency, requests)
  io.write(string.format("LAGOM %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write, summary.errors.timeout))
end
`;
}

/** Runs wrk against `url` and reads its summary (latencies in ms). */
export async function wrkLoad(o: WrkOptions): Promise<LoadResult> {
  if (o.requests.some((r) => /[^\x20-\x7e]/.test(r.body ?? ''))) throw new Error('wrk payloads must be printable ASCII');
  const wrk = ensureWrk();
  const dir = await mkdtemp(join(tmpdir(), 'lagom-wrk-'));
  try {
    const file = join(dir, 'requests.lua');
    await writeFile(file, script(o.requests));
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(wrk, ['-t', String(o.threads ?? 1), '-c', String(o.connections), '-d', `${o.seconds}s`, '-s', file, o.url], { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}: ${text}`))));
    });
    const line = out.split('\n').find((l) => l.startsWith('LAGOM '));
    if (!line) throw new Error(`wrk printed no summary: ${out}`);
    const [total, durationUs, p50, p99, non2xx, errors, timeouts] = line.split(' ').slice(1).map(Number) as number[];
    return {
      rps: Math.round(total! / (durationUs! / 1e6)),
      p50: Math.round(p50! / 100) / 10,
      p99: Math.round(p99! / 100) / 10,
      total: total!,
      non2xx: non2xx!,
      errors: errors! + timeouts!,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

