// Builds the browser tracker and enforces its size budgets: the tracker is loaded on every
// page of every site that embeds it, so its size is a product feature.
//
// Output, into outDir (the server serves every file there; docs/tracker.md, "Files"):
//   lagom.js, lagom-banner.js, lagom-extras.js                the current tracker, cached for a day
//   lagom.vN.js, lagom-banner.vN.js, lagom-extras.vN.js       the same, frozen as version N, cached
//                                                            forever (for Subresource Integrity)
//   every file in tracker/releases/                          older versions, still served
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFile, readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Gzip bytes the core tracker (lagom.js) may take; see docs/tracker.md before raising it. */
export const TRACKER_GZIP_BUDGET = 1400;

/**
 * The version of the versioned files. Their bytes must never change once released: change
 * anything in tracker/ and the recorded integrity (tracker/integrity.json) no longer matches,
 * which test/scripts/build-tracker.test.ts reports. Then bump this number (after copying the old
 * vN files into tracker/releases/) or, for a version not yet released, record the new hashes.
 */
export const TRACKER_VERSION = 2;

/** The built files: entry point and gzip budget. The banner and extras load only when asked for. */
export const TRACKER_FILES = {
  'lagom.js': { entry: 'lagom.ts', budget: TRACKER_GZIP_BUDGET },
  'lagom-banner.js': { entry: 'banner.ts', budget: 1400 },
  'lagom-extras.js': { entry: 'extras.ts', budget: 1000 },
};

const trackerDir = new URL('../tracker/', import.meta.url);

/** Raw, gzip (level 9) and brotli (quality 11) sizes of a built file, in bytes. */
export function measure(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** The value of a script's `integrity` attribute for these bytes. */
export function integrity(bytes) {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

async function bundle(entry, outfile, suffix) {
  await build({
    entryPoints: [fileURLToPath(new URL(entry, trackerDir))],
    outfile,
    bundle: true,
    minify: true,
    // The core is a classic script; the banner and extras are loaded with import(), so ES
    // modules (without exports), which spares them the function wrapper.
    format: entry === 'lagom.ts' ? 'iife' : 'esm',
    // ES2020: optional chaining and dynamic import() are the tracker's syntax; browsers older
    // than that (before 2020) are not worth bytes on every page load.
    target: 'es2020',
    legalComments: 'none',
    // The versioned core loads the versioned banner and extras, so a pinned version stays whole.
    define: { LAGOM_SUFFIX: JSON.stringify(suffix) },
    // The project's tsconfig is strict, which would make esbuild emit "use strict": a
    // directive the tracker does not need, costing bytes on every page load.
    tsconfigRaw: { compilerOptions: { alwaysStrict: false, verbatimModuleSyntax: true } },
  });
  return readFile(outfile);
}

/**
 * Builds every tracker file into outDir, logs each one's sizes, and fails when one is over
 * its gzip budget (`budgets` overrides them by file name, for tests). Returns the core's
 * sizes, and every file's sizes and integrity in `files`.
 */
export async function buildTracker(outDir, { log = console.log, budgets = {} } = {}) {
  const files = {};
  const over = [];
  for (const [name, file] of Object.entries(TRACKER_FILES)) {
    const { entry } = file;
    const budget = budgets[name] ?? file.budget;
    const versioned = name.replace(/\.js$/, `.v${TRACKER_VERSION}.js`);
    const bytes = await bundle(entry, fileURLToPath(new URL(name, outDir)), '');
    const frozen = await bundle(entry, fileURLToPath(new URL(versioned, outDir)), `.v${TRACKER_VERSION}`);
    const size = measure(bytes);
    files[name] = { ...size, budget, integrity: integrity(bytes) };
    files[versioned] = { ...measure(frozen), budget, integrity: integrity(frozen) };
    log(
      `tracker ${name}: ${size.raw} B raw, ${size.gzip} B gzip, ${size.brotli} B brotli ` +
        `(budget ${budget} B gzip); ${versioned} ${integrity(frozen)}`,
    );
    for (const [built, gzip] of [[name, size.gzip], [versioned, files[versioned].gzip]]) {
      if (gzip > budget) over.push(`${built} is ${gzip} B gzip, over its budget of ${budget} B`);
    }
  }
  const releases = new URL('releases/', trackerDir);
  for (const name of await readdir(releases).catch(() => [])) {
    if (name.endsWith('.js')) await copyFile(new URL(name, releases), new URL(name, outDir));
  }
  if (over.length) throw new Error(`tracker: ${over.join('; ')}: make it smaller`);
  return { ...files['lagom.js'], files };
}
