import { mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { SerializedBatch } from '../store/counters.js';

// The batch is the store's insert type (store imports nothing from ingest); named here too for the spool's callers.
export type { SerializedBatch };

export class SpoolFullError extends Error {
  override name = 'SpoolFullError';
}

interface SpoolFile {
  name: string;
  bytes: number;
}

const COUNTERS = 'c\t';
const RECENT = 'r\t';

/**
 * Append-only files of batches the store did not take (down, failing, or slower than the
 * traffic), replayed oldest first. Rows here are the anonymised counter rows, nothing more.
 * Each batch is one file written to a temporary name, synced, then renamed: a crash leaves
 * either the whole batch or none of it.
 */
export class Spool {
  private files: SpoolFile[] = [];
  private total = 0;
  private seq = 0;
  /** the last write was refused (limit or disk full); cleared when replay frees space */
  private refused = false;
  /** lines that could not be read back, since start */
  skippedLines = 0;

  constructor(
    readonly dir: string,
    private readonly maxBytes: number,
    private readonly logger: Logger,
  ) {}

  async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const names = (await readdir(this.dir)).sort();
    for (const name of names) {
      if (name.endsWith('.tmp')) {
        await rm(join(this.dir, name), { force: true });
        continue;
      }
      if (!name.endsWith('.jsonl')) continue;
      const { size } = await stat(join(this.dir, name));
      this.files.push({ name, bytes: size });
      this.total += size;
      this.seq = Math.max(this.seq, Number.parseInt(name, 10) || 0);
    }
    if (this.files.length) this.logger.warn({ batches: this.files.length, bytes: this.total }, 'spooled batches found; replaying');
  }

  get bytes(): number {
    return this.total;
  }

  get pending(): number {
    return this.files.length;
  }

  get full(): boolean {
    // A refusal with nothing spooled means a full disk while the store still takes inserts:
    // the writer's memory bound decides then.
    return (this.refused && this.files.length > 0) || this.total >= this.maxBytes;
  }

  async write(batch: SerializedBatch): Promise<void> {
    const text =
      batch.counters.map((l) => COUNTERS + l).join('\n') +
      (batch.counters.length && batch.recent.length ? '\n' : '') +
      batch.recent.map((l) => RECENT + l).join('\n') +
      '\n';
    const size = Buffer.byteLength(text);
    if (this.total + size > this.maxBytes) {
      this.refused = true;
      throw new SpoolFullError(`spool is full (${this.total} bytes)`);
    }
    this.seq += 1;
    const name = `${String(this.seq).padStart(12, '0')}_${batch.token}.jsonl`;
    const path = join(this.dir, name);
    try {
      const fh = await open(`${path}.tmp`, 'w');
      try {
        await fh.writeFile(text);
        await fh.datasync();
      } finally {
        await fh.close();
      }
      await rename(`${path}.tmp`, path);
    } catch (err) {
      await rm(`${path}.tmp`, { force: true }).catch(() => {});
      if ((err as NodeJS.ErrnoException).code === 'ENOSPC') {
        this.refused = true;
        throw new SpoolFullError('no space left on the disk for the spool');
      }
      throw err;
    }
    this.files.push({ name, bytes: size });
    this.total += size;
  }

  /** The oldest batch; unreadable lines are skipped and reported, the rest kept. */
  async oldest(): Promise<SerializedBatch | undefined> {
    const file = this.files[0];
    if (!file) return undefined;
    const text = await readFile(join(this.dir, file.name), 'utf8');
    const batch: SerializedBatch = { token: file.name.slice(13, -'.jsonl'.length), counters: [], recent: [] };
    let skipped = 0;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const body = line.slice(2);
      const list = line.startsWith(COUNTERS) ? batch.counters : line.startsWith(RECENT) ? batch.recent : undefined;
      if (!list || !isJsonObject(body)) {
        skipped += 1;
        continue;
      }
      list.push(body);
    }
    if (skipped) {
      this.skippedLines += skipped;
      this.logger.error({ file: file.name, skipped }, 'corrupt spool lines skipped');
    }
    return batch;
  }

  async removeOldest(): Promise<void> {
    const file = this.files.shift();
    if (!file) return;
    this.total -= file.bytes;
    this.refused = false;
    await rm(join(this.dir, file.name), { force: true });
  }
}

function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}
