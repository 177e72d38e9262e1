// Soak: BENCH_SOAK_MINUTES (default 10) at a steady BENCH_SOAK_RATE events/s (default: half of
// a short measured maximum) with realistic payloads, while the dashboard's queries run every few
// seconds. Prints 5xx count, p99 per minute, RSS at start and end, and checks that every
// accepted event is counted exactly once. First, the same steady load against a bare Koa
// endpoint gives the baseline p99. Traffic goes to 127.0.0.1 only.
//
// The steady load uses BENCH_SOAK_CONNECTIONS (default 2) connections: autocannon's rate limit
// lets each connection send its share of a second at once and then wait, so with many
// connections the bursts queue behind each other and even the bare Koa endpoint shows p99s of
// hundreds of milliseconds (20 connections at 1,500 req/s: p99 886 ms; 2 connections: 1 ms).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { ingestRequests } from './payloads.js';
import { addSite, load, rssMb, signIn, startBaseline, startLagom, stop } from './lib.js';

const minutes = Number(process.env.BENCH_SOAK_MINUTES ?? 10);
const connections = Number(process.env.BENCH_SOAK_CONNECTIONS ?? 2);
const segmentS = Number(process.env.BENCH_SOAK_SEGMENT_S ?? 60);
const site = 'soak.test';

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lagom-soak-'));
  const lagom = await startLagom(dataDir);
  const url = lagom.url;
  try {
    const cookie = await signIn(url);
    await addSite(url, cookie, site);
    // Only counted events (no bots) so that the final check is exact.
    const requests = ingestRequests(site, 2000).filter((r) => !/bot/i.test(r.headers['user-agent'] ?? ''));
    // Fixed amounts, not durations: every request sent is answered before the count is read.
    const max = await load({ url, connections: 50, amount: 15_000, requests, method: 'POST' });
    const rate = Number(process.env.BENCH_SOAK_RATE ?? Math.round(max.rps / 2));
    const steady = (target: string, seconds: number) =>
      autocannon({ url: target, connections, amount: rate * seconds, overallRate: rate, requests, method: 'POST' });
    const baseline = await startBaseline();
    const base = await steady(`${baseline.url}/api/event`, segmentS);
    await stop(baseline);
    const rssStart = rssMb(lagom.child.pid!);
    console.log(`max ${max.rps} req/s; soaking ${minutes} min at ${rate} req/s over ${connections} connections; RSS at start ${rssStart} MB`);
    console.log(`baseline: bare Koa at the same rate for ${segmentS} s: p50 ${base.latency.p50} ms, p99 ${base.latency.p99} ms`);

    let queries = 0;
    let queryErrors = 0;
    const dashboard = setInterval(() => {
      const q = `site_id=${site}&period=day`;
      for (const p of [`aggregate?${q}&metrics=visitors,visits,pageviews,bounce_rate&compare=previous_period`, `timeseries?${q}&metrics=visitors,pageviews`, `breakdown?${q}&property=event:page&limit=10`, `breakdown?${q}&property=visit:source&limit=10`]) {
        fetch(`${url}/api/v1/stats/${p}`, { headers: { cookie } })
          .then((r) => (r.ok ? queries++ : queryErrors++))
          .catch(() => queryErrors++);
      }
    }, Number(process.env.BENCH_SOAK_QUERY_MS ?? 3000));

    // The short maximum run above was accepted and counted too.
    let accepted = max.total - max.non2xx - max.errors;
    let fivexx = 0;
    for (let m = 0; m < minutes; m++) {
      const r = await steady(url, segmentS);
      accepted += r['2xx'];
      fivexx += r['5xx'];
      console.log(`minute ${m + 1}: ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms (baseline ${base.latency.p99} ms), 5xx ${r['5xx']}, RSS ${rssMb(lagom.child.pid!)} MB`);
    }
    clearInterval(dashboard);
    await new Promise((r) => setTimeout(r, 3000));
    const res = await fetch(`${url}/api/v1/stats/aggregate?site_id=${site}&period=day&metrics=events`, { headers: { cookie } });
    const counted = (await res.json()).results.events.value as number;
    // Every non-bot payload is one event ("engagement" events are not sent by the payload set).
    console.log(`RSS at end ${rssMb(lagom.child.pid!)} MB (start ${rssStart} MB); 5xx ${fivexx}; dashboard queries ${queries} ok, ${queryErrors} failed`);
    console.log(`accepted ${accepted}, counted ${counted}: ${accepted === counted ? 'every accepted event counted exactly once' : 'MISMATCH'}`);
    if (accepted !== counted || fivexx > 0) process.exitCode = 1;
  } finally {
    await stop(lagom);
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
