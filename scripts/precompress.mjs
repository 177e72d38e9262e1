// Precompresses what the server serves: next to every file in outDir, `name.gz` (gzip level 9)
// and `name.br` (brotli quality 11). Compressing at the highest settings is too slow per request
// but costs nothing once at build time, and the server then never compresses a static file
// (server/http/static.ts picks the file by Accept-Encoding).
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Suffix → compressor; the same settings as `measure` in scripts/build-tracker.mjs. */
const COMPRESSORS = {
  gz: (bytes) => gzipAsync(bytes, { level: 9 }),
  br: (bytes) => brotliAsync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
};

const COMPRESSED = /\.(gz|br)$/;

/**
 * Writes `name.gz` and `name.br` next to every file in outDir, unless the compressed form is not
 * smaller (then that variant is removed, so no older build's copy is left to be served).
 * Logs and returns each file's bytes on the wire: raw, gzip, brotli (null when not written).
 */
export async function precompress(outDir, { log = console.log } = {}) {
  const entries = await readdir(outDir, { withFileTypes: true });
  const names = entries.filter((e) => e.isFile() && !COMPRESSED.test(e.name)).map((e) => e.name).sort();
  const sizes = {};
  for (const name of names) {
    const bytes = await readFile(new URL(name, outDir));
    const size = { raw: bytes.length, gzip: null, brotli: null };
    for (const [suffix, compress] of Object.entries(COMPRESSORS)) {
      const file = new URL(`${name}.${suffix}`, outDir);
      const packed = await compress(bytes);
      if (packed.length < bytes.length) {
        await writeFile(file, packed);
        size[suffix === 'gz' ? 'gzip' : 'brotli'] = packed.length;
      } else {
        await rm(file, { force: true });
      }
    }
    sizes[name] = size;
    log(`wire ${name}: ${size.raw} B raw, ${size.gzip ?? '-'} B gzip, ${size.brotli ?? '-'} B brotli`);
  }
  // A variant whose file is gone (renamed or dropped from the build) would never be served, but
  // it would ship with the folder.
  for (const entry of entries) {
    const base = entry.name.replace(COMPRESSED, '');
    if (entry.isFile() && base !== entry.name && !names.includes(base)) await rm(new URL(entry.name, outDir));
  }
  return sizes;
}
