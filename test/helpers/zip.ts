// Reading the dashboard's ZIP exports back: a reader written here from APPNOTE 6.3 (end record,
// central directory, local headers) that checks the archive's structure as it goes, and Debian's
// unzip as a second, independent reader.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { expect } from 'vitest';

export interface ZipRead {
  name: string;
  data: Buffer;
  crc: number;
  flags: number;
  /** 0: stored, which is all the dashboard writes */
  method: number;
  /** DOS time and date */
  time: number;
  date: number;
}

/**
 * Reads every entry of an archive of stored (uncompressed) entries without an archive comment,
 * as the dashboard writes them, through the central directory, and checks that each local
 * header agrees with it.
 */
export function readZip(archive: Uint8Array): ZipRead[] {
  const buf = Buffer.from(archive);
  const end = buf.length - 22;
  expect(buf.readUInt32LE(end)).toBe(0x06054b50);
  const count = buf.readUInt16LE(end + 10);
  expect(buf.readUInt16LE(end + 8)).toBe(count);
  const dirSize = buf.readUInt32LE(end + 12);
  const dirAt = buf.readUInt32LE(end + 16);
  // The central directory ends where the end record starts: nothing between or missing.
  expect(dirAt + dirSize).toBe(end);
  const out: ZipRead[] = [];
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
    // Stored: the compressed size is the size.
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

/** Debian's unzip (or UNZIP_PATH). */
export const unzipPath = process.env.UNZIP_PATH ?? '/usr/bin/unzip';
export const hasUnzip = existsSync(unzipPath);
/**
 * Whether the tests of an archive with unzip skip here: only when it is missing and this is
 * not CI. In CI (LAGOM_REQUIRE_BROWSER=1, set by .ci/run, which installs unzip) a missing
 * unzip fails those tests, as a missing Chromium does (browser.ts).
 */
export const skipUnzip = !hasUnzip && process.env.LAGOM_REQUIRE_BROWSER !== '1';
const missing = `unzip not found at ${unzipPath}: "apt-get install -y unzip" (or set UNZIP_PATH)`;
if (skipUnzip) console.warn(`\n*** SKIPPING THE UNZIP CHECKS *** ${missing}\n`);

/** Runs Debian's unzip and returns what it printed; throws if it is missing or finds a fault. */
export function runUnzip(args: string[]): string {
  if (!hasUnzip) throw new Error(missing);
  return execFileSync(unzipPath, args, { encoding: 'utf8' });
}
