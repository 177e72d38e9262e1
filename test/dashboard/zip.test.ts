// The export's ZIP writer, read back by a reader written here from APPNOTE 6.3 (end record,
// central directory, local headers), checked against node:zlib's own CRC-32, and tested by
// Debian's unzip when this machine has it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, zip, type ZipEntry } from '../../dashboard/lib/zip.js';

interface Read {
  name: string;
  data: Buffer;
  crc: number;
  flags: number;
  method: number;
  time: number;
  date: number;
}

/** Reads every entry through the central directory and checks its local header agrees. */
function unzip(archive: Uint8Array): Read[] {
  const buf = Buffer.from(archive);
  const end = buf.length - 22;
  expect(buf.readUInt32LE(end)).toBe(0x06054b50);
  const count = buf.readUInt16LE(end + 10);
  expect(buf.readUInt16LE(end + 8)).toBe(count);
  const dirSize = buf.readUInt32LE(end + 12);
  const dirAt = buf.readUInt32LE(end + 16);
  // The central directory ends where the end record starts: nothing between or missing.
  expect(dirAt + dirSize).toBe(end);
  const out: Read[] = [];
  let at = dirAt;
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(at)).toBe(0x02014b50);
    const entry = {
      flags: buf.readUInt16LE(at + 8),
      method: buf.readUInt16LE(at + 10),
      time: buf.readUInt16LE(at + 12),
      date: buf.readUInt16LE(at + 14),
      crc: buf.readUInt32LE(at + 16),
    };
    const size = buf.readUInt32LE(at + 20);
    expect(buf.readUInt32LE(at + 24)).toBe(size);
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLength);
    // The local header repeats the same fields.
    expect(buf.readUInt32LE(local)).toBe(0x04034b50);
    // Version needed to extract: at most 2.0, which every reader supports.
    expect([buf.readUInt16LE(at + 6), buf.readUInt16LE(local + 4)]).toEqual([20, 20]);
    expect(buf.subarray(local + 6, local + 26)).toEqual(buf.subarray(at + 8, at + 28));
    expect(buf.subarray(local + 30, local + 30 + buf.readUInt16LE(local + 26))).toEqual(name);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    out.push({ ...entry, name: name.toString('utf8'), data: buf.subarray(dataAt, dataAt + size) });
    at += 46 + nameLength + extra;
  }
  expect(at).toBe(end);
  return out;
}

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
    const read = unzip(zip(entries));
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
    const [entry] = unzip(zip([entries[0]!], new Date(2024, 2, 15, 13, 45, 31)));
    expect(entry!.time).toBe((13 << 11) | (45 << 5) | 15);
    expect(entry!.date).toBe(((2024 - 1980) << 9) | (3 << 5) | 15);
    const [old] = unzip(zip([entries[0]!], new Date(1970, 0, 1, 0, 0, 0)));
    expect(old!.date >> 9).toBe(0);
  });

  it('writes an empty archive as the end record alone', () => {
    const archive = zip([]);
    expect(archive).toHaveLength(22);
    expect(unzip(archive)).toEqual([]);
  });

  it.skipIf(!existsSync('/usr/bin/unzip'))('passes unzip -t, which checks every CRC (skipped without /usr/bin/unzip)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lagom-zip-'));
    try {
      const file = join(dir, 'export.zip');
      await writeFile(file, zip(entries));
      const report = execFileSync('/usr/bin/unzip', ['-t', file], { encoding: 'utf8' });
      expect(report).toMatch(/No errors detected/);
      expect(report.match(/ OK$/gm)).toHaveLength(entries.length);
      expect(execFileSync('/usr/bin/unzip', ['-p', file, 'pages.csv'], { encoding: 'utf8' })).toBe(entries[0]!.data);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
