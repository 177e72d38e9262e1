// Ingest benchmark: Lagom's POST /api/event against a bare Koa endpoint, in the same run, on
// 127.0.0.1 only, loaded by wrk (bench/wrk.ts). Prints req/s, p99 and their ratio, then Lagom's
// RSS after BENCH_EVENTS events.
//   npm run bench:ingest            (BENCH_SECONDS=10 BENCH_CONNECTIONS=50 BENCH_EVENTS=1000000)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestRequests } from './payloads.js';
import { addSite, rssDetail, signIn, startBaseline, startLagom, stop, type LoadResult } from './lib.js';
import { wrkLoad } from './wrk.js';

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
    const common = { connections, seconds, requests };
    // Warm both up (JIT, caches), then measure.
    await wrkLoad({ ...common, url: baseline.url, seconds: 2 });
    await wrkLoad({ ...common, url: lagom.url, seconds: 2 });
    const base = await wrkLoad({ ...common, url: baseline.url });
    const ours = await wrkLoad({ ...common, url: lagom.url });
    console.log(`\ningest benchmark (wrk): ${connections} connections, ${seconds} s each, ${requests.length} distinct payloads`);
    console.log(row('bare Koa (baseline)', base));
    console.log(row('Lagom /api/event', ours));
    console.log(`ratio Lagom / baseline: ${(ours.rps / base.rps).toFixed(2)} (target ≥ 0.60); Lagom p99 ${ours.p99} ms (target < 25 ms)`);

    // Then on to BENCH_EVENTS events in all, in 10-second rounds (at most 30 of them).
    let total = ours.total;
    for (let round = 0; total < events && round < 30; round++) total += (await wrkLoad({ ...common, url: lagom.url, seconds: 10 })).total;
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
