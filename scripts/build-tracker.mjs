// Builds the browser tracker to one minified file and enforces its size budget: the tracker
// is loaded on every page of every site that embeds it, so its size is a product feature.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Gzip bytes the built tracker may take; see docs/tracker.md before raising it. */
export const TRACKER_GZIP_BUDGET = 1200;

/** Raw, gzip (level 9) and brotli (quality 11) sizes of a built file, in bytes. */
export function measure(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

export async function buildTracker(outDir, { log = console.log } = {}) {
  const outfile = fileURLToPath(new URL('lagom.js', outDir));
  await build({
    entryPoints: [fileURLToPath(new URL('../tracker/lagom.ts', import.meta.url))],
    outfile,
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2019',
    legalComments: 'none',
    // The project's tsconfig is strict, which would make esbuild emit "use strict": a
    // directive the tracker does not need, costing bytes on every page load.
    tsconfigRaw: { compilerOptions: { alwaysStrict: false, verbatimModuleSyntax: true } },
  });
  const size = measure(await readFile(outfile));
  log(
    `tracker lagom.js: ${size.raw} B raw, ${size.gzip} B gzip, ${size.brotli} B brotli ` +
      `(budget ${TRACKER_GZIP_BUDGET} B gzip)`,
  );
  if (size.gzip > TRACKER_GZIP_BUDGET) {
    throw new Error(
      `tracker lagom.js is ${size.gzip} B gzip, over its budget of ${TRACKER_GZIP_BUDGET} B: make it smaller`,
    );
  }
  return size;
}
