import type { Logger } from 'pino';
import type { CounterBatch } from '../store/counters.js';

export interface WriterOptions {
  /** rows per insert; reaching it flushes at once */
  batchSize: number;
  /** longest time a row waits in memory */
  intervalMs: number;
  insert: (batch: CounterBatch) => Promise<void>;
  logger: Logger;
}

/**
 * Collects counter rows and inserts them in batches: on size, on a timer and on close.
 * A failed insert keeps its rows at the front of the buffer for the next attempt.
 */
export class BatchWriter {
  private buffer: CounterBatch = { counters: [], recent: [] };
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: WriterOptions) {
    this.timer = setInterval(() => void this.flush().catch(() => {}), options.intervalMs);
    this.timer.unref();
  }

  get pending(): number {
    return this.buffer.counters.length + this.buffer.recent.length;
  }

  append(batch: CounterBatch): void {
    if (this.closed) throw new Error('writer is closed');
    this.buffer.counters.push(...batch.counters);
    this.buffer.recent.push(...batch.recent);
    if (this.buffer.counters.length >= this.options.batchSize) void this.flush().catch(() => {});
  }

  /** Inserts everything buffered so far; resolves when it is in the store. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending === 0) return;
    const batch = this.buffer;
    this.buffer = { counters: [], recent: [] };
    this.flushing = this.options
      .insert(batch)
      .catch((err: unknown) => {
        this.buffer = {
          counters: [...batch.counters, ...this.buffer.counters],
          recent: [...batch.recent, ...this.buffer.recent],
        };
        this.options.logger.error({ err, rows: batch.counters.length }, 'insert failed; rows kept for retry');
        throw err;
      })
      .finally(() => {
        this.flushing = undefined;
      });
    await this.flushing;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }
}
