// Bundles the owner's dashboard into dist/public: index.html, favicon.svg, app.js with the chunks esbuild
// splits off (our code and uPlot) and app.css (uPlot's stylesheet and ours). No inline script or
// style anywhere, so the server can send a strict Content-Security-Policy.
// The sign-in page loads app.js, the chunks it imports and one language's words; the signed-in
// shell (and uPlot with it) is a chunk fetched by import() after sign-in. Prints the gzip bytes
// of what each of the two loads and fails when either is over its budget.
import { build } from 'esbuild';
import { copyFile, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { worldMapModule } from './build-map.mjs';

/** What a signed-in owner loads: JS + CSS, gzip, uPlot included (issue 6). */
export const DASHBOARD_BUDGET_BYTES = 80 * 1024;
/** What the sign-in page loads before anyone is signed in: JS + CSS, gzip (issue 16). */
// 20 kB when the split was made (18.0 kB); 24 kB since the additions to the shared CSS
// and words (20.7 kB measured): the words and the CSS are still one file each for every screen.
export const SIGN_IN_BUDGET_BYTES = 24 * 1024;

/** esbuild's names for split-off files: `[name]-[hash]`, the hash 8 characters of base32. */
export const CHUNK_FILE = /^[a-z0-9-]+-[A-Z0-9]{8}\.js$/;

/** `lagom:world-map`: the countries' outlines, made from Natural Earth while bundling (build-map.mjs). */
const worldMap = {
  name: 'world-map',
  setup(b) {
    b.onResolve({ filter: /^lagom:world-map$/ }, () => ({ path: 'world-map', namespace: 'lagom' }));
    b.onLoad({ filter: /.*/, namespace: 'lagom' }, () => ({ contents: worldMapModule(), loader: 'js' }));
  },
};

const source = (path) => fileURLToPath(new URL(`../dashboard/${path}`, import.meta.url));

/**
 * Builds into outDir; `budget` and `signInBudget` (gzip bytes) override the two budgets, for
 * tests. Answers the gzip totals and the files each load fetches.
 */
export async function buildDashboard(outDir, { budget = DASHBOARD_BUDGET_BYTES, signInBudget = SIGN_IN_BUDGET_BYTES, log = console.log } = {}) {
  const dir = fileURLToPath(outDir);
  // Chunks of an older build would be served beside the new ones, and shipped with the folder.
  // Their precompressed copies (.gz, .br) with them.
  for (const name of await readdir(dir)) if (CHUNK_FILE.test(name.replace(/\.(gz|br)$/, ''))) await rm(new URL(name, outDir));
  const result = await build({
    entryPoints: [
      { in: source('app.ts'), out: 'app' },
      { in: source('style.css'), out: 'app' },
    ],
    outdir: dir,
    bundle: true,
    splitting: true,
    chunkNames: '[name]-[hash]',
    minify: true,
    format: 'esm',
    // Top-level await (lib/text.ts) rules out older targets; these have it and import().
    target: ['chrome100', 'firefox100', 'safari15'],
    logLevel: 'warning',
    metafile: true,
    plugins: [worldMap],
  });
  const graph = moduleGraph(result.metafile);
  const entry = (path) => [...graph.values()].find((o) => o.entryPoint?.endsWith(path))?.name;
  // Only one language is fetched: count the larger, so that either fits.
  const words = [entry('lib/i18n/en.ts'), entry('lib/i18n/sv.ts')];
  const sizes = new Map();
  for (const name of graph.keys()) sizes.set(name, await measure(new URL(name, outDir)));
  const [language] = words.sort((a, b) => sizes.get(b).gzip - sizes.get(a).gzip);
  const preloaded = closure(graph, ['app.js']);
  const signIn = ['app.css', ...preloaded, language];
  const signedIn = [...new Set([...signIn, ...closure(graph, [entry('views/shell.ts')])])];
  // The brand's mark as the tab's icon (the server answers /favicon.ico with it too).
  await copyFile(source('favicon.svg'), new URL('favicon.svg', outDir));
  await writeFile(new URL('index.html', outDir), withPreloads(await readFile(source('index.html'), 'utf8'), preloaded.filter((n) => n !== 'app.js')));

  const total = (names) => names.reduce((n, name) => n + sizes.get(name).gzip, 0);
  const rawOf = (test) =>
    Object.values(result.metafile.outputs)
      .flatMap((o) => Object.entries(o.inputs))
      .filter(([path]) => test(path))
      .reduce((n, [, i]) => n + i.bytesInOutput, 0);
  const uplot = rawOf((path) => path.includes('node_modules/uplot/'));
  const map = rawOf((path) => path === 'lagom:world-map');
  const row = (name) => `${name} ${kb(sizes.get(name).raw)} (gzip ${kb(sizes.get(name).gzip)}, brotli ${kb(sizes.get(name).brotli)})`;
  log(`dashboard: ${[...graph.keys()].map(row).join('; ')}; uPlot ${kb(uplot)} and the world map ${kb(map)} of it raw`);
  const loads = { signIn: { files: signIn, gzip: total(signIn), budget: signInBudget }, signedIn: { files: signedIn, gzip: total(signedIn), budget } };
  log(`dashboard: sign-in page loads ${signIn.length} files, gzip ${kb(loads.signIn.gzip)} of a ${kb(signInBudget)} budget`);
  log(`dashboard: signed in, ${signedIn.length} files, gzip total ${kb(loads.signedIn.gzip)} of a ${kb(budget)} budget`);
  for (const [what, load] of [['the sign-in page', loads.signIn], ['the signed-in dashboard', loads.signedIn]]) {
    if (load.gzip > load.budget) throw new Error(`${what} is ${kb(load.gzip)} gzip, over its budget of ${kb(load.budget)}: make it smaller`);
  }
  return { gzip: loads.signedIn.gzip, signIn: loads.signIn.gzip, files: { signIn, signedIn } };
}

/** Output file name → its entry point (if any) and the files it imports statically. */
function moduleGraph(metafile) {
  const graph = new Map();
  for (const [path, output] of Object.entries(metafile.outputs)) {
    if (path.endsWith('.map')) continue;
    const imports = output.imports.filter((i) => i.kind === 'import-statement').map((i) => basename(i.path));
    graph.set(basename(path), { name: basename(path), entryPoint: output.entryPoint, imports });
  }
  return graph;
}

/** The files and every file they import statically: what a browser fetches before running them. */
function closure(graph, names) {
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const next of graph.get(name).imports) visit(next);
  };
  names.forEach(visit);
  return [...seen];
}

/**
 * The page names app.js's static chunks, so the browser fetches them alongside it instead of
 * after reading it. The signed-in shell is left out: the sign-in page must not fetch it.
 */
function withPreloads(html, chunks) {
  const marker = '<script type="module" src="/app.js"></script>';
  if (!html.includes(marker)) throw new Error(`dashboard/index.html lacks ${marker}`);
  const links = chunks.map((name) => `<link rel="modulepreload" href="/${name}">\n`).join('');
  return html.replace(marker, `${links}${marker}`);
}

async function measure(file) {
  const bytes = await readFile(file);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli: brotliCompressSync(bytes).length };
}

const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
