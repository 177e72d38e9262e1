// Ingest benchmark: Lagom's POST /api/event against a bare Koa endpoint, in the same run, on
// 127.0.0.1 only. Prints req/s, p99 and their ratio, then Lagom's RSS after BENCH_EVENTS events.
//   npm run bench:ingest            (BENCH_SECONDS=10 BENCH_CONNECTIONS=50 BENCH_EVENTS=1000000)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestRequests } from './payloads.js';
import { load, rssDetail, startNode, stop, type LoadResult } from './lib.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const events = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const site = 'bench.test';
const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));

async function provision(url: string): Promise<void> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email: 'bench@example.com', password: 'bench password' }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const res = await fetch(`${url}/api/v1/sites`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, cookie },
    body: JSON.stringify({ domain: site, timezone: 'UTC' }),
  });
  if (!res.ok) throw new Error(`could not add the site: ${res.status}`);
}

const row = (name: string, r: LoadResult) =>
  `${name.padEnd(22)} ${String(r.rps).padStart(8)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   non-2xx ${r.non2xx}   errors ${r.errors}`;

async function main(): Promise<void> {
  const requests = ingestRequests(site, 2000);
  const dataDir = await mkdtemp(join(tmpdir(), 'lagom-bench-'));
  const baseline = await startNode(here('./baseline-server.js'), { PORT: '0' }, /listening \d+/);
  const basePort = /listening (\d+)/.exec(baseline.output())![1];
  const lagom = await startNode(
    here('../server/cli.js'),
    {
      PORT: '0',
      HOST: '127.0.0.1',
      LAGOM_DATA_DIR: dataDir,
      LAGOM_ADMIN_EMAIL: 'bench@example.com',
      LAGOM_ADMIN_PASSWORD: 'bench password',
      LAGOM_RATE_LIMIT: '0',
      LAGOM_LOG_LEVEL: 'warn',
      // Any other Lagom setting given to the benchmark applies to the server under test.
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('LAGOM_')) as Array<[string, string]>),
    },
    /Dashboard:\s+http:\/\/127\.0\.0\.1:\d+/,
  );
  const lagomUrl = /Dashboard:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(lagom.output())![1]!;
  try {
    await provision(lagomUrl);
    const common = { connections, duration: seconds, requests, method: 'POST' as const };
    // Warm both up (JIT, caches), then measure.
    await load({ ...common, url: `http://127.0.0.1:${basePort}`, duration: 2 });
    await load({ ...common, url: lagomUrl, duration: 2 });
    const base = await load({ ...common, url: `http://127.0.0.1:${basePort}` });
    const ours = await load({ ...common, url: lagomUrl });
    console.log(`\ningest benchmark: ${connections} connections, ${seconds} s each, ${requests.length} distinct payloads`);
    console.log(row('bare Koa (baseline)', base));
    console.log(row('Lagom /api/event', ours));
    console.log(`ratio Lagom / baseline: ${(ours.rps / base.rps).toFixed(2)} (target ≥ 0.60); Lagom p99 ${ours.p99} ms (target < 25 ms)`);

    const remaining = Math.max(0, events - ours.total);
    const rest = remaining > 0 ? await load({ connections, amount: remaining, requests, method: 'POST', url: lagomUrl }) : undefined;
    const total = ours.total + (rest?.total ?? 0);
    console.log(`Lagom RSS after ${total.toLocaleString('en')} events: ${rssDetail(lagom.child.pid!)} (target < 400 MB)`);
  } finally {
    await stop(baseline);
    await stop(lagom);
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
