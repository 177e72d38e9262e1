// The batch writer through its public face: rows in with append(), batches out through the
// injected insert function, a real spool on disk for what the store does not take. The insert
// here is the writer's own dependency, an in-process function that records what it is given
// (and can be made slow or down), not a stand-in for ClickHouse.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LagomError } from '../../../server/core/errors.js';
import { Spool, type SerializedBatch } from '../../../server/ingest/spool.js';
import { BatchWriter, type WriterOptions } from '../../../server/ingest/writer.js';
import type { CounterRow, RecentRow } from '../../../server/store/counters.js';
import { ZERO_ROW } from '../../../server/store/schema.js';

const logger = pino({ level: 'silent' });
const HOUR = 1_750_000_000 - (1_750_000_000 % 3600);

/** A counter row of one pageview on `path`; `extra` overrides dimensions or metrics. */
function row(path: string, extra: Partial<CounterRow> = {}): CounterRow {
  return {
    ...ZERO_ROW,
    site: 'writer.test', hour: HOUR, name: 'pageview', path, hostname: 'writer.test', entry_path: path,
    country: 'SE', browser: 'Firefox', browser_version: '131', os: 'Linux', device: 'Desktop',
    events: 1, pageviews: 1, visitors: 1, page_visitors: 1, visits: 1, bounces: 1, exits: 1,
    ...extra,
  };
}
const recent = (minute: number, slot_visitors = 1): RecentRow => ({ site: 'writer.test', minute, slot_visitors });

/**
 * The store's side of the seam: records every batch it accepts, in order, and every token it
 * was offered. `down` makes it refuse; `hold()` makes it wait until released.
 */
class Store {
  accepted: SerializedBatch[] = [];
  offered: string[] = [];
  down = false;
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;

  readonly insert = async (batch: SerializedBatch): Promise<void> => {
    this.offered.push(batch.token);
    if (this.gate) await this.gate;
    if (this.down) throw new Error('store is down');
    this.accepted.push(batch);
  };

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.gate = undefined;
    this.open?.();
  }

  /** every counter row accepted, parsed, in the order the store took them */
  get counters(): CounterRow[] {
    return this.accepted.flatMap((b) => b.counters.map((l) => JSON.parse(l) as CounterRow));
  }
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

let dir: string;
let store: Store;
let spool: Spool;
const writers: BatchWriter[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lagom-writer-'));
  store = new Store();
  spool = new Spool(dir, 1 << 20, logger);
  await spool.open();
});
afterEach(async () => {
  vi.useRealTimers();
  store.down = false;
  store.release();
  await Promise.all(writers.splice(0).map((w) => w.close()));
  await rm(dir, { recursive: true, force: true });
});

/** A writer that flushes only when a test makes it: by size, timer or close as the test sets. */
function writer(options: Partial<WriterOptions> = {}): BatchWriter {
  const w = new BatchWriter({
    batchSize: 1000,
    intervalMs: 3_600_000,
    maxBufferRows: 1000,
    insert: store.insert,
    spool,
    logger,
    ...options,
  });
  writers.push(w);
  return w;
}

describe('BatchWriter', () => {
  it('adds up rows with equal dimensions before they reach the store', async () => {
    const w = writer();
    w.append({ counters: [row('/'), row('/pricing')], recent: [recent(60)] });
    w.append({ counters: [row('/', { visitors: 0, bounces: 0, duration_ms: 4000 })], recent: [recent(60, 2), recent(120)] });
    // Same path in another country is another row.
    w.append({ counters: [row('/', { country: 'NO' })], recent: [] });
    expect(w.pending).toBe(3 + 2);
    await w.close();

    expect(store.accepted).toHaveLength(1);
    const byKey = new Map(store.counters.map((r) => [`${r.path} ${r.country}`, r]));
    expect(store.counters).toHaveLength(3);
    expect(byKey.get('/ SE')).toMatchObject({ events: 2, pageviews: 2, visitors: 1, bounces: 1, duration_ms: 4000 });
    expect(byKey.get('/pricing SE')).toMatchObject({ events: 1, pageviews: 1 });
    expect(byKey.get('/ NO')).toMatchObject({ events: 1 });
    const slots = store.accepted[0]!.recent.map((l) => JSON.parse(l) as RecentRow).sort((a, b) => a.minute - b.minute);
    expect(slots).toEqual([recent(60, 3), recent(120, 1)]);
    expect(w.pending).toBe(0);
  });

  it('does not keep a reference to the rows it was given', async () => {
    const w = writer();
    const given = row('/');
    w.append({ counters: [given], recent: [] });
    w.append({ counters: [row('/')], recent: [] });
    expect(given.events).toBe(1);
    await w.close();
    expect(store.counters[0]!.events).toBe(2);
  });

  it('starts an insert as soon as a batch is full, not before', async () => {
    const w = writer({ batchSize: 3 });
    w.append({ counters: [row('/1'), row('/2')], recent: [] });
    // Equal rows fold into one: still two distinct rows, so no batch yet.
    w.append({ counters: [row('/1')], recent: [] });
    // Nothing is meant to happen here, so there is no state to wait for: an insert started too
    // early would be offered within a few turns of the event loop, and 50 ms is many of them.
    await new Promise((r) => setTimeout(r, 50));
    expect(store.offered).toEqual([]);
    w.append({ counters: [row('/3')], recent: [] });
    await until(() => store.accepted.length === 1, 'the full batch');
    expect(store.counters.map((r) => r.path).sort()).toEqual(['/1', '/2', '/3']);
    expect(w.pending).toBe(0);
  });

  it('writes what waits when its timer fires, however few rows', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const w = writer({ intervalMs: 10_000 });
    w.append({ counters: [row('/')], recent: [] });
    await vi.advanceTimersByTimeAsync(9_999);
    expect(store.offered).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    vi.useRealTimers();
    await until(() => store.accepted.length === 1, 'the timer flush');
    expect(store.counters.map((r) => r.path)).toEqual(['/']);
  });

  it('writes everything on close, then refuses appends with the shutdown error', async () => {
    const w = writer();
    w.append({ counters: [row('/a'), row('/b')], recent: [recent(60)] });
    expect(store.offered).toEqual([]);
    await w.close();
    expect(store.counters.map((r) => r.path).sort()).toEqual(['/a', '/b']);
    expect(store.accepted[0]!.recent).toHaveLength(1);

    let refused: unknown;
    try {
      w.append({ counters: [row('/late')], recent: [] });
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(LagomError);
    expect(refused).toMatchObject({ status: 503, code: 'unavailable', expose: true, message: 'Lagom is shutting down' });
    expect((refused as LagomError).headers['Retry-After']).toBe('5');
    expect(w.pending).toBe(0);
  });

  it('spools batches while the store is down and replays them in order, with their tokens, before anything newer', async () => {
    store.down = true;
    const w = writer({ batchSize: 1 });
    w.append({ counters: [row('/first')], recent: [] });
    await until(() => spool.pending === 1, 'the first batch in the spool');
    // With a batch already spooled, later ones queue behind it on disk: replay keeps order.
    w.append({ counters: [row('/second')], recent: [] });
    await until(() => spool.pending === 2, 'the second batch in the spool');
    w.append({ counters: [row('/third')], recent: [] });
    await until(() => spool.pending === 3, 'the third batch in the spool');
    expect(store.accepted).toEqual([]);
    expect(await readdir(dir)).toHaveLength(3);

    // The store is back while replay still waits to retry: a new batch must not overtake.
    store.down = false;
    w.append({ counters: [row('/fourth')], recent: [] });
    await w.drained();
    expect(store.counters.map((r) => r.path)).toEqual(['/first', '/second', '/third', '/fourth']);
    // The replayed first batch carries the token of the insert that failed: the store can
    // recognise a batch it already took and not count it twice.
    expect(store.accepted[0]!.token).toBe(store.offered[0]);
    expect(new Set(store.accepted.map((b) => b.token)).size).toBe(4);
    expect(spool.pending).toBe(0);
    // The spool counts a batch as gone before its file is deleted: wait for the file too.
    await until(async () => (await readdir(dir)).length === 0, 'the spool files to be deleted');
  });

  it('leaves what the store did not take in the spool at close; the next writer replays it', async () => {
    store.down = true;
    const w = writer();
    w.append({ counters: [row('/kept')], recent: [recent(60)] });
    await w.close();
    expect(store.accepted).toEqual([]);
    expect(spool.pending).toBe(1);

    store.down = false;
    const reopened = new Spool(dir, 1 << 20, logger);
    await reopened.open();
    const next = writer({ spool: reopened });
    await next.drained();
    expect(store.counters.map((r) => r.path)).toEqual(['/kept']);
    expect(store.accepted[0]!.recent).toHaveLength(1);
    expect(reopened.pending).toBe(0);
  });

  it('with neither store nor disk taking rows, keeps them in memory up to a bound, then refuses appends', async () => {
    store.down = true;
    const tiny = new Spool(join(dir, 'tiny'), 10, logger);
    await tiny.open();
    const w = writer({ batchSize: 1, maxBufferRows: 2, spool: tiny });
    let refused: unknown;
    let accepted = 0;
    for (; accepted < 20 && !refused; accepted++) {
      try {
        w.append({ counters: [row(`/${accepted}`)], recent: [] });
      } catch (err) {
        refused = err;
        break;
      }
      // Each append starts an insert (a batch is one row); wait until it has failed and the
      // refused spool write has put every row back in memory before the next append.
      const held = accepted + 1;
      await until(() => w.stats.insertFailures === held && w.pending === held, `row ${held} back in memory`);
    }
    // Twice the buffer is the bound: five rows held, the sixth refused.
    expect(accepted).toBe(5);
    expect(w.pending).toBe(5);
    expect(refused).toMatchObject({ status: 503, code: 'unavailable', expose: true });
    expect((refused as LagomError).headers['Retry-After']).toBe('30');
    expect(tiny.pending).toBe(0);

    store.down = false;
    await w.close();
    expect(store.counters.map((r) => r.path).sort()).toEqual(['/0', '/1', '/2', '/3', '/4']);
  });

  it('spills to the spool instead of growing memory while a slow insert runs, and loses nothing', async () => {
    store.hold();
    const w = writer({ batchSize: 1, maxBufferRows: 2 });
    w.append({ counters: [row('/0')], recent: [] });
    await until(() => store.offered.length === 1, 'the slow insert to start');
    for (let i = 1; i <= 3; i++) w.append({ counters: [row(`/${i}`)], recent: [] });
    await until(() => spool.pending >= 1, 'a spill');
    // The store has taken nothing yet, and memory holds at most the buffer's worth.
    expect(store.accepted).toEqual([]);
    expect(w.pending).toBeLessThanOrEqual(2);

    store.release();
    await w.drained();
    const paths = store.counters.map((r) => r.path);
    expect(paths[0]).toBe('/0');
    expect([...paths].sort()).toEqual(['/0', '/1', '/2', '/3']);
    expect(spool.pending).toBe(0);
  });
});
