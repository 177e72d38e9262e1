import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { unavailable } from '../errors.js';
import type { CounterBatch } from '../store/counters.js';
import { SpoolFullError, type SerializedBatch, type Spool } from './spool.js';

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
}

export interface WriterStats {
  inserted: number;
  insertFailures: number;
  spooledBatches: number;
  replayedBatches: number;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * Collects counter rows (serialised as each arrives, so no flush blocks the event loop on a big
 * batch) and inserts them in batches: on size, on a timer and on close. Whatever the store does
 * not take goes to the spool and is replayed in order with the same deduplication token, so
 * nothing accepted is lost or counted twice.
 */
export class BatchWriter {
  private counters: string[] = [];
  private recent: string[] = [];
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

  /** rows waiting in memory */
  get pending(): number {
    return this.counters.length + this.recent.length;
  }

  append(batch: CounterBatch): void {
    if (this.closed) throw unavailable('Lagom is shutting down', 5);
    // Memory is bounded: when neither the store nor the spool takes rows, refuse new ones.
    if (this.options.spool.full || this.pending > this.options.maxBufferRows * 2) {
      throw unavailable('Lagom cannot store events right now; try again later', 30);
    }
    for (const row of batch.counters) this.counters.push(JSON.stringify(row));
    for (const row of batch.recent) this.recent.push(JSON.stringify(row));
    if (this.counters.length >= this.options.batchSize) this.kick();
    // The store is slower than the traffic: spill what waits to disk instead of growing memory.
    if (this.inflight && this.pending > this.options.maxBufferRows) void this.spill();
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

  /** Waits until the spool is empty (for tests and the rollup, which want settled counters). */
  async drained(timeoutMs = 60_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    await this.flush();
    while (this.options.spool.pending > 0) {
      if (Date.now() > end) throw new Error('spool did not drain in time');
      this.wake?.();
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private take(): SerializedBatch | undefined {
    if (this.pending === 0) return undefined;
    const batch = { token: `${this.node}-${++this.seq}`, counters: this.counters, recent: this.recent };
    this.counters = [];
    this.recent = [];
    return batch;
  }

  private kick(): void {
    if (this.inflight || this.pending === 0) return;
    this.inflight = this.drain().finally(() => {
      this.inflight = undefined;
    });
  }

  private async drain(): Promise<void> {
    // Stops when a batch finds no home (store and disk both refuse): the timer tries again.
    for (let batch = this.take(); batch; batch = this.take()) if (!(await this.deliver(batch))) return;
  }

  /** true when the batch is in the store or the spool; false when it went back to memory */
  private async deliver(batch: SerializedBatch): Promise<boolean> {
    // While older batches wait in the spool, new ones queue behind them: replay keeps order.
    if (this.options.spool.pending === 0) {
      try {
        await this.options.insert(batch);
        this.stats.inserted += batch.counters.length;
        return true;
      } catch (err) {
        this.stats.insertFailures += 1;
        this.options.logger.error({ err, rows: batch.counters.length }, 'insert failed; spooling the batch');
      }
    }
    return this.toSpool(batch);
  }

  private async spill(): Promise<void> {
    const batch = this.take();
    if (batch) await this.toSpool(batch);
  }

  private async toSpool(batch: SerializedBatch): Promise<boolean> {
    try {
      await this.options.spool.write(batch);
      this.stats.spooledBatches += 1;
      this.kickReplay();
      return true;
    } catch (err) {
      // No disk either: keep the rows in memory (bounded by append's check) and try later.
      this.counters = batch.counters.concat(this.counters);
      this.recent = batch.recent.concat(this.recent);
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
    const { spool, insert, logger } = this.options;
    while (spool.pending > 0 && !(this.closed && this.backoffMs > 0)) {
      try {
        const batch = await spool.oldest();
        if (batch) await insert(batch);
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
