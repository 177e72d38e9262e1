// Builds the browser tracker and enforces its size budgets: the tracker is loaded on every
// page of every site that embeds it, so its size is a product feature.
//
// Output, into outDir (the server serves every file there; docs/tracker.md, "Files"):
//   lagom.js, lagom-banner.js, lagom-extras.js                the current tracker, cached for a day
//   lagom.vN.js, lagom-banner.vN.js, lagom-extras.vN.js       the same, frozen as version N, cached
//                                                            forever (for Subresource Integrity)
//   every file in tracker/releases/                          older versions, still served
import { build, transform } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import flags from '../protocol/tracker-flags.json' with { type: 'json' };

/** Every flag a site's script is built with, in bit order: its features, then the internal ones (protocol/tracker.ts). */
export const TRACKER_FLAGS = [...flags.flags, ...flags.internal];
/** The features an owner switches on (tracker_script_configuration), without the internal flags. */
export const FEATURE_FLAGS = flags.flags;
/** A new site's features: its script is "the default script" of the budget. */
export const DEFAULT_FLAGS = flags.defaults;

/** Gzip bytes the core tracker (lagom.js) may take; see docs/tracker.md before raising it. */
export const TRACKER_GZIP_BUDGET = 1400;

/**
 * The version of the versioned files. Their bytes must never change once released: change
 * anything in tracker/ and the recorded integrity (tracker/integrity.json) no longer matches,
 * which test/scripts/build-tracker.test.ts reports. Then bump this number (after copying the old
 * vN files into tracker/releases/) or, for a version not yet released, record the new hashes.
 */
export const TRACKER_VERSION = 2;

/**
 * The generic files: entry point, gzip budget, and the features built in (the core's optional
 * files add theirs). Every file in tracker/consent/ is a consent tool's glue, built to
 * lagom-<name>.js with the budget CONSENT_GZIP_BUDGET, and listed here by the build.
 */
export const TRACKER_FILES = {
  'lagom.js': { entry: 'lagom.ts', budget: TRACKER_GZIP_BUDGET, features: [] },
  'lagom-extras.js': { entry: 'extras.ts', budget: 1000, features: ['engagement', 'outbound_links', 'file_downloads', 'tagged_events'] },
};
export const CONSENT_GZIP_BUDGET = 1400;

/**
 * A site's own script with every feature on may take this many bytes gzip (docs/tracker.md,
 * "Size"). The aim was 2,000; every feature written as tightly as we know measures 2,096, so the
 * budget holds that line and no more (Plausible's all-features script is 2,694 B, Umami's 2,220).
 */
export const SITE_ALL_GZIP_BUDGET = 2100;

/**
 * Where the server writes a site's settings into its script (server/sites/script.ts): the
 * build defines LAGOM_SITE as this identifier, which minifying keeps as it is.
 */
export const SITE_MARKER = '__LAGOM_SITE__';

/** What the size table measures a site's script with: a typical site's settings. */
export const SAMPLE_SITE = { site: 'example.com', tz: 'Europe/Stockholm', consent: 'banner', policyUrl: 'https://example.com/privacy' };

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

/** The defines that fold every flag to true or false, for a build with these features. */
function flagDefines(list) {
  return Object.fromEntries(TRACKER_FLAGS.map((flag) => [`LAGOM_FEATURES.${flag}`, String(list.includes(flag))]));
}

async function bundle(entry, outfile, suffix, define) {
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
    define: { LAGOM_SUFFIX: JSON.stringify(suffix), ...define },
    // The project's tsconfig is strict, which would make esbuild emit "use strict": a
    // directive the tracker does not need, costing bytes on every page load.
    tsconfigRaw: { compilerOptions: { alwaysStrict: false, verbatimModuleSyntax: true } },
  });
  return readFile(outfile);
}

/** A site script's source with the feature flags still open: one ES module, not yet minified. */
async function siteSource(suffix) {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('lagom.ts', trackerDir))],
    write: false,
    bundle: true,
    format: 'esm',
    // Constants inlined across files here, where the bundle sees them all; names and spaces are
    // left for the minifying of each combination.
    minifySyntax: true,
    target: 'es2020',
    legalComments: 'none',
    define: { LAGOM_SUFFIX: JSON.stringify(suffix), LAGOM_PER_SITE: 'true', LAGOM_SITE: SITE_MARKER },
    tsconfigRaw: { compilerOptions: { alwaysStrict: false, verbatimModuleSyntax: true } },
  });
  return result.outputFiles[0].text;
}

/** The bit mask of a set of features: the name of its site script (`site/<mask>.js`). */
export function flagMask(list) {
  return TRACKER_FLAGS.reduce((mask, flag, bit) => (list.includes(flag) ? mask | (1 << bit) : mask), 0);
}

/** A site script's bytes with a site's settings written in, as server/sites/script.ts does. */
export function withSite(code, site) {
  return Buffer.from(code.toString().replace(SITE_MARKER, JSON.stringify(site)));
}

/** The generic files: the core, the extras, and one file per consent tool. */
async function genericFiles() {
  const files = { ...TRACKER_FILES };
  for (const name of (await readdir(new URL('consent/', trackerDir))).sort()) {
    if (name.endsWith('.ts')) files[`lagom-${name.slice(0, -3)}.js`] = { entry: `consent/${name}`, budget: CONSENT_GZIP_BUDGET, features: [] };
  }
  return files;
}

/**
 * Builds every tracker file into outDir, logs each one's sizes, and fails when one is over
 * its gzip budget (`budgets` overrides them by file name, for tests). Returns the core's
 * sizes, every generic file's sizes and integrity in `files`, and in `site` the size of a
 * site's script with each set of features (by mask; measured with SAMPLE_SITE written in).
 *
 * A site's scripts go to outDir/site/<mask>.js, one per combination of TRACKER_FLAGS, all
 * loading the versioned optional files. 1,024 builds take a few seconds: esbuild is fast, and
 * building them here means the server needs no bundler to serve a site exactly its features.
 */
export async function buildTracker(outDir, { log = console.log, budgets = {} } = {}) {
  const files = {};
  const over = [];
  const check = (name, gzip, budget) => gzip > budget && over.push(`${name} is ${gzip} B gzip, over its budget of ${budget} B`);
  const suffix = `.v${TRACKER_VERSION}`;
  for (const [name, file] of Object.entries(await genericFiles())) {
    const { entry } = file;
    const budget = budgets[name] ?? file.budget;
    const define = { LAGOM_PER_SITE: 'false', LAGOM_SITE: SITE_MARKER, ...flagDefines(file.features) };
    const versioned = name.replace(/\.js$/, `${suffix}.js`);
    const bytes = await bundle(entry, fileURLToPath(new URL(name, outDir)), '', define);
    const frozen = await bundle(entry, fileURLToPath(new URL(versioned, outDir)), suffix, define);
    const size = measure(bytes);
    files[name] = { ...size, budget, integrity: integrity(bytes) };
    files[versioned] = { ...measure(frozen), budget, integrity: integrity(frozen) };
    log(
      `tracker ${name}: ${size.raw} B raw, ${size.gzip} B gzip, ${size.brotli} B brotli ` +
        `(budget ${budget} B gzip); ${versioned} ${integrity(frozen)}`,
    );
    check(name, size.gzip, budget);
    check(versioned, files[versioned].gzip, budget);
  }

  const siteDir = new URL('site/', outDir);
  await mkdir(siteDir, { recursive: true });
  const site = {};
  // Bundled once with every flag left open, then each combination minified from that text:
  // minifying folds the flags and drops the code they switch off, without reading the sources
  // 1,024 times over (a few seconds on a loaded machine instead of a minute).
  const open = await siteSource(suffix);
  await Promise.all(
    Array.from({ length: 1 << TRACKER_FLAGS.length }, async (_, mask) => {
      const list = TRACKER_FLAGS.filter((_, bit) => mask & (1 << bit));
      const { code } = await transform(open, { minify: true, format: 'iife', target: 'es2020', legalComments: 'none', treeShaking: true, define: flagDefines(list) });
      const bytes = Buffer.from(code.replace(/\n$/, ''));
      if (!code.includes(SITE_MARKER)) throw new Error(`tracker: site script ${mask} lost its settings marker ${SITE_MARKER}`);
      await writeFile(new URL(`${mask}.js`, siteDir), bytes);
      site[mask] = measure(withSite(bytes, SAMPLE_SITE));
    }),
  );
  const defaults = site[flagMask(DEFAULT_FLAGS)];
  // Every feature an owner can switch on; the internal flags come on with other settings
  // (page_goals: the site has pageview goals; cookie_domain: the site has a cookie domain) and
  // are reported beside it, each with every feature, and all of them together.
  const all = site[flagMask(FEATURE_FLAGS)];
  const everything = site[(1 << TRACKER_FLAGS.length) - 1];
  const beside = flags.internal.map((flag) => `with ${flag} too ${site[flagMask([...FEATURE_FLAGS, flag])].gzip} B gzip`);
  const defaultBudget = budgets['site-default'] ?? TRACKER_GZIP_BUDGET;
  const allBudget = budgets['site-all'] ?? SITE_ALL_GZIP_BUDGET;
  log(
    `tracker site scripts: default features (${DEFAULT_FLAGS.join(', ') || 'none'}) ${defaults.gzip} B gzip (budget ${defaultBudget}), ` +
      `every feature ${all.gzip} B gzip (budget ${allBudget}), ${beside.join(', ')}, with ${flags.internal.join(' and ')} ${everything.gzip} B gzip; ` +
      `the default with cookie_domain ${site[flagMask([...DEFAULT_FLAGS, 'cookie_domain'])].gzip} B gzip`,
  );
  check('the default site script', defaults.gzip, defaultBudget);
  check('the site script with every feature', all.gzip, allBudget);

  const releases = new URL('releases/', trackerDir);
  for (const name of await readdir(releases).catch(() => [])) {
    if (name.endsWith('.js')) await copyFile(new URL(name, releases), new URL(name, outDir));
  }
  if (over.length) throw new Error(`tracker: ${over.join('; ')}: make it smaller`);
  return { ...files['lagom.js'], files, site };
}
