import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { unavailable } from '../core/errors.js';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { CounterBatch, SerializedBatch } from '../store/counters.js';
import { COUNTER_KEY, METRIC_COLUMNS, RECENT_KEY, type CounterRow, type RecentRow } from '../store/schema.js';
import { SpoolFullError, type Spool } from './spool.js';
import type { Metrics } from '../core/metrics.js';

export interface WriterOptions {
  /** rows per insert; reaching it starts an insert at once */
  batchSize: number;
  /** longest time a row waits in memory (the window a kill -9 can lose) */
  intervalMs: number;
  /** rows held in memory while an insert runs; beyond it they spill to the spool */
  maxBufferRows: number;
  insert: (batch: SerializedBatch) => Promise<void>;
  spool: Spool;
  logger: Logger;
  metrics?: Metrics;
}

export interface WriterStats {
  inserted: number;
  insertFailures: number;
  spooledBatches: number;
  replayedBatches: number;
}

const MAX_BACKOFF_MS = 30_000;

// The engine's merge key (schema.ts): rows equal on it are one row once merged.
const counterKey = (row: CounterRow) => COUNTER_KEY.map((c) => row[c]).join('\u0001');
const recentKey = (row: RecentRow) => RECENT_KEY.map((c) => row[c]).join('\u0001');

/**
 * Collects counter rows and inserts them in batches: on size, on a timer and on close. Rows
 * with equal keys are added up in memory first, as the engine would on merge, so the store
 * parses and merges far fewer rows. Whatever the store does not take goes to the spool and is
 * replayed in order with the same deduplication token, so nothing accepted is lost or counted
 * twice.
 */
export class BatchWriter {
  private counters = new Map<string, CounterRow>();
  private recent = new Map<string, RecentRow>();
  private readonly timer: NodeJS.Timeout;
  private inflight: Promise<void> | undefined;
  private replaying: Promise<void> | undefined;
  private backoffMs = 0;
  private wake: (() => void) | undefined;
  private closed = false;
  private seq = 0;
  /** a random per-process prefix: tokens never collide across restarts or nodes */
  private readonly node = randomBytes(6).toString('hex');
  readonly stats: WriterStats = { inserted: 0, insertFailures: 0, spooledBatches: 0, replayedBatches: 0 };

  constructor(private readonly options: WriterOptions) {
    this.timer = setInterval(() => this.kick(), options.intervalMs);
    this.timer.unref();
    if (options.spool.pending > 0) this.kickReplay();
  }

  /** distinct rows waiting in memory */
  get pending(): number {
    return this.counters.size + this.recent.size;
  }

  append(batch: CounterBatch): void {
    if (this.closed) throw unavailable('Lagom is shutting down', 5);
    // Memory is bounded: when neither the store nor the spool takes rows, refuse new ones.
    if (this.options.spool.full || this.pending > this.options.maxBufferRows * 2) {
      throw unavailable('Lagom cannot store events right now; try again later', 30);
    }
    this.add(batch);
    if (this.counters.size >= this.options.batchSize) this.kick();
    // The store is slower than the traffic: spill what waits to disk instead of growing memory.
    if (this.inflight && this.pending > this.options.maxBufferRows) void this.spill();
  }

  private add(batch: CounterBatch): void {
    for (const row of batch.counters) {
      const key = counterKey(row);
      const held = this.counters.get(key);
      if (!held) this.counters.set(key, { ...row });
      else for (const m of METRIC_COLUMNS) held[m] += row[m];
    }
    for (const row of batch.recent) {
      const key = recentKey(row);
      const held = this.recent.get(key);
      if (!held) this.recent.set(key, { ...row });
      else held.slot_visitors += row.slot_visitors;
    }
  }

  /** Writes everything accepted so far to the store (or, failing that, to the spool). */
  async flush(): Promise<void> {
    this.kick();
    while (this.inflight) await this.inflight;
  }

  /** Everything buffered goes to the store or the spool; replay stops. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.flush();
    this.wake?.();
    await this.replaying;
  }

  /**
   * Flushes, then waits until the spool is empty, i.e. every spooled batch has been replayed
   * into the store; throws after `timeoutMs`. It does not wait for rows that a refused batch put
   * back in memory, for a spill to disk still being written, or for rows appended meanwhile.
   * Tests call it before they read counters.
   */
  async drained(timeoutMs = 60_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    await this.flush();
    while (this.options.spool.pending > 0) {
      if (Date.now() > end) throw new Error('spool did not drain in time');
      this.wake?.();
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Takes what is buffered and serialises it, yielding to the event loop between chunks. */
  private async take(): Promise<SerializedBatch | undefined> {
    if (this.pending === 0) return undefined;
    const counters = [...this.counters.values()];
    const recent = [...this.recent.values()].map((r) => JSON.stringify(r));
    this.counters = new Map();
    this.recent = new Map();
    const lines: string[] = [];
    for (let i = 0; i < counters.length; i += 500) {
      if (i > 0) await yieldToEventLoop();
      for (const row of counters.slice(i, i + 500)) lines.push(JSON.stringify(row));
    }
    return { token: `${this.node}-${++this.seq}`, counters: lines, recent };
  }

  /** Puts a batch that found no home back in front of what arrived since. */
  private restore(batch: SerializedBatch): void {
    const counters = this.counters;
    const recent = this.recent;
    this.counters = new Map();
    this.recent = new Map();
    this.add({
      counters: batch.counters.map((l) => JSON.parse(l) as CounterRow),
      recent: batch.recent.map((l) => JSON.parse(l) as RecentRow),
    });
    this.add({ counters: [...counters.values()], recent: [...recent.values()] });
  }

  private kick(): void {
    if (this.inflight || this.pending === 0) return;
    this.inflight = this.drain().finally(() => {
      this.inflight = undefined;
    });
  }

  private async drain(): Promise<void> {
    // Stops when a batch finds no home (store and disk both refuse): the timer tries again.
    for (let batch = await this.take(); batch; batch = await this.take()) if (!(await this.deliver(batch))) return;
  }

  /** true when the batch is in the store or the spool; false when it went back to memory */
  private async deliver(batch: SerializedBatch): Promise<boolean> {
    // While older batches wait in the spool, new ones queue behind them: replay keeps order.
    if (this.options.spool.pending === 0) {
      try {
        await this.insert(batch);
        this.stats.inserted += batch.counters.length;
        return true;
      } catch (err) {
        this.stats.insertFailures += 1;
        this.options.logger.error({ err, rows: batch.counters.length }, 'insert failed; spooling the batch');
      }
    }
    return this.toSpool(batch);
  }

  private spilling = false;

  /** The store's insert, measured. */
  private async insert(batch: SerializedBatch): Promise<void> {
    const m = this.options.metrics;
    const started = performance.now();
    try {
      await this.options.insert(batch);
      m?.batchRows.observe(batch.counters.length);
      m?.insertSeconds.observe((performance.now() - started) / 1000);
    } catch (err) {
      m?.insertFailures.inc();
      throw err;
    }
  }

  private async spill(): Promise<void> {
    if (this.spilling) return;
    this.spilling = true;
    try {
      const batch = await this.take();
      if (batch) await this.toSpool(batch);
    } finally {
      this.spilling = false;
    }
  }

  private async toSpool(batch: SerializedBatch): Promise<boolean> {
    try {
      await this.options.spool.write(batch);
      this.stats.spooledBatches += 1;
      this.kickReplay();
      return true;
    } catch (err) {
      // No disk either: keep the rows in memory (bounded by append's check) and try later.
      this.restore(batch);
      this.options.logger.error({ err: err instanceof SpoolFullError ? err.message : err }, 'spool write failed; rows kept in memory');
      return false;
    }
  }

  private kickReplay(): void {
    if (this.replaying) return;
    this.replaying = this.replay().finally(() => {
      this.replaying = undefined;
    });
  }

  private async replay(): Promise<void> {
    const { spool, logger } = this.options;
    while (spool.pending > 0 && !(this.closed && this.backoffMs > 0)) {
      try {
        const batch = await spool.oldest();
        if (batch) await this.insert(batch);
        await spool.removeOldest();
        this.stats.replayedBatches += 1;
        this.backoffMs = 0;
      } catch (err) {
        this.backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(250, this.backoffMs * 2));
        logger.warn({ err, retryInMs: this.backoffMs, pending: spool.pending }, 'spool replay failed; retrying');
        if (this.closed) return;
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, this.backoffMs);
          t.unref();
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }
}
