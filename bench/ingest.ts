// Ingest benchmark: Lagom's POST /api/event against a bare Koa endpoint, in the same run, on
// 127.0.0.1 only. Prints req/s, p99 and their ratio, then Lagom's RSS after BENCH_EVENTS events.
//   npm run bench:ingest            (BENCH_SECONDS=10 BENCH_CONNECTIONS=50 BENCH_EVENTS=1000000)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestRequests } from './payloads.js';
import { addSite, load, rssDetail, signIn, startBaseline, startLagom, stop, type LoadResult } from './lib.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const events = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const site = 'bench.test';

const row = (name: string, r: LoadResult) =>
  `${name.padEnd(22)} ${String(r.rps).padStart(8)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   non-2xx ${r.non2xx}   errors ${r.errors}`;

async function main(): Promise<void> {
  const requests = ingestRequests(site, 2000);
  const dataDir = await mkdtemp(join(tmpdir(), 'lagom-bench-'));
  const baseline = await startBaseline();
  const lagom = await startLagom(dataDir);
  try {
    await addSite(lagom.url, await signIn(lagom.url), site);
    const common = { connections, duration: seconds, requests, method: 'POST' as const };
    // Warm both up (JIT, caches), then measure.
    await load({ ...common, url: baseline.url, duration: 2 });
    await load({ ...common, url: lagom.url, duration: 2 });
    const base = await load({ ...common, url: baseline.url });
    const ours = await load({ ...common, url: lagom.url });
    console.log(`\ningest benchmark: ${connections} connections, ${seconds} s each, ${requests.length} distinct payloads`);
    console.log(row('bare Koa (baseline)', base));
    console.log(row('Lagom /api/event', ours));
    console.log(`ratio Lagom / baseline: ${(ours.rps / base.rps).toFixed(2)} (target ≥ 0.60); Lagom p99 ${ours.p99} ms (target < 25 ms)`);

    const remaining = Math.max(0, events - ours.total);
    const rest = remaining > 0 ? await load({ connections, amount: remaining, requests, method: 'POST', url: lagom.url }) : undefined;
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
