import { appendFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Spool, SpoolFullError } from '../../../server/ingest/spool.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lagom-spool-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const logger = pino({ level: 'silent' });
const row = (n: number) => JSON.stringify({ site: 's', path: `/${n}`, pageviews: 1 });

describe('Spool', () => {
  it('replays batches oldest first with their tokens, across a reopen', async () => {
    const a = new Spool(dir, 1 << 20, logger);
    await a.open();
    await a.write({ token: 'n1-1', counters: [row(1), row(2)], recent: [] });
    await a.write({ token: 'n1-2', counters: [row(3)], recent: ['{"site":"s","minute":0,"slot_visitors":1}'] });
    const b = new Spool(dir, 1 << 20, logger);
    await b.open();
    expect(b.pending).toBe(2);
    expect(await b.oldest()).toEqual({ token: 'n1-1', counters: [row(1), row(2)], recent: [] });
    await b.removeOldest();
    expect((await b.oldest())?.token).toBe('n1-2');
    await b.removeOldest();
    expect([b.pending, b.bytes, await readdir(dir)]).toEqual([0, 0, []]);
  });

  it('skips and reports a corrupt line, keeping the rest of the batch', async () => {
    const s = new Spool(dir, 1 << 20, logger);
    await s.open();
    await s.write({ token: 't', counters: [row(1), row(2)], recent: [] });
    const [file] = await readdir(dir);
    await appendFile(join(dir, file!), 'c\t{"site":"s","pa\n\u0000garbage\n');
    const batch = await s.oldest();
    expect(batch?.counters).toEqual([row(1), row(2)]);
    expect(s.skippedLines).toBe(2);
  });

  it('removes half-written files left by a crash, and refuses past its limit', async () => {
    await writeFile(join(dir, '000000000009_x.jsonl.tmp'), 'c\t{"half');
    const s = new Spool(dir, 200, logger);
    await s.open();
    expect(await readdir(dir)).toEqual([]);
    await s.write({ token: 'a', counters: [row(1)], recent: [] });
    await expect(s.write({ token: 'b', counters: Array.from({ length: 10 }, (_, i) => row(i)), recent: [] })).rejects.toBeInstanceOf(SpoolFullError);
    expect(s.full).toBe(true);
    await s.removeOldest();
    expect(s.full).toBe(false);
  });
});
