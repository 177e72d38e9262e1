// The export's ZIP writer, read back by the tests' reader written from APPNOTE 6.3 (end record,
// central directory, local headers: helpers/zip.ts), checked against node:zlib's own CRC-32,
// and tested by Debian's unzip (skipped without it, except in CI, where it must be there).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, zip, type ZipEntry } from '../../dashboard/lib/zip.js';
import { readZip, runUnzip, skipUnzip } from '../helpers/zip.js';

const entries: ZipEntry[] = [
  { name: 'pages.csv', data: 'page,visitors\r\n/,12\r\n' },
  { name: 'länder/sources ✓.csv', data: 'source,visitors\r\nGoogle,3\r\n' },
  { name: 'bytes.bin', data: Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) & 0xff) },
  { name: 'empty.csv', data: '' },
];
const bytesOf = (data: string | Uint8Array) => Buffer.from(typeof data === 'string' ? new TextEncoder().encode(data) : data);

describe('crc32', () => {
  it('gives the standard check value and agrees with node:zlib', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
    for (const { data } of entries) expect(crc32(bytesOf(data))).toBe(zlib.crc32(bytesOf(data)));
  });
});

describe('zip', () => {
  it('stores every entry under its UTF-8 name with its bytes and a correct CRC-32', () => {
    const read = readZip(zip(entries));
    expect(read.map((e) => e.name)).toEqual(entries.map((e) => e.name));
    for (const [i, e] of read.entries()) {
      const want = bytesOf(entries[i]!.data);
      expect(e.data.equals(want), e.name).toBe(true);
      expect(e.crc, e.name).toBe(zlib.crc32(want));
      expect(e.method, 'stored').toBe(0);
      expect(e.flags & 0x0800, 'UTF-8 name flag').toBe(0x0800);
    }
  });

  it('stamps entries with the local time in DOS format, 1980 at the earliest', () => {
    const [entry] = readZip(zip([entries[0]!], new Date(2024, 2, 15, 13, 45, 31)));
    expect(entry!.time).toBe((13 << 11) | (45 << 5) | 15);
    expect(entry!.date).toBe(((2024 - 1980) << 9) | (3 << 5) | 15);
    const [old] = readZip(zip([entries[0]!], new Date(1970, 0, 1, 0, 0, 0)));
    expect(old!.date >> 9).toBe(0);
  });

  it('writes an empty archive as the end record alone', () => {
    const archive = zip([]);
    expect(archive).toHaveLength(22);
    expect(readZip(archive)).toEqual([]);
  });

  it.skipIf(skipUnzip)('passes unzip -t, which checks every CRC (skipped without unzip, outside CI)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lagom-zip-'));
    try {
      const file = join(dir, 'export.zip');
      await writeFile(file, zip(entries));
      const report = runUnzip(['-t', file]);
      expect(report).toMatch(/No errors detected/);
      expect(report.match(/ OK$/gm)).toHaveLength(entries.length);
      expect(runUnzip(['-p', file, 'pages.csv'])).toBe(entries[0]!.data);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
