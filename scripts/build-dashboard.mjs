// Bundles the owner's dashboard into dist/public: index.html, app.js (our code and uPlot) and
// app.css (uPlot's stylesheet and ours). No inline script or style anywhere, so the server can
// send a strict Content-Security-Policy. Prints the sizes that reach the browser and fails when
// JavaScript and CSS together are over the gzip budget.
import { build } from 'esbuild';
import { copyFile, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { worldMapModule } from './build-map.mjs';

/** JS + CSS, gzip, uPlot included (issue 6). */
export const DASHBOARD_BUDGET_BYTES = 80 * 1024;

/** `lagom:world-map`: the countries' outlines, made from Natural Earth while bundling (build-map.mjs). */
const worldMap = {
  name: 'world-map',
  setup(b) {
    b.onResolve({ filter: /^lagom:world-map$/ }, () => ({ path: 'world-map', namespace: 'lagom' }));
    b.onLoad({ filter: /.*/, namespace: 'lagom' }, () => ({ contents: worldMapModule(), loader: 'js' }));
  },
};

const source = (path) => fileURLToPath(new URL(`../dashboard/${path}`, import.meta.url));

/** Builds into outDir; `budget` (gzip bytes) overrides DASHBOARD_BUDGET_BYTES, for tests. */
export async function buildDashboard(outDir, { budget = DASHBOARD_BUDGET_BYTES, log = console.log } = {}) {
  const result = await build({
    entryPoints: [
      { in: source('app.ts'), out: 'app' },
      { in: source('style.css'), out: 'app' },
    ],
    outdir: fileURLToPath(outDir),
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    logLevel: 'warning',
    metafile: true,
    plugins: [worldMap],
  });
  await copyFile(source('index.html'), new URL('index.html', outDir));

  const rows = [];
  let totalGzip = 0;
  for (const name of ['app.js', 'app.css']) {
    const bytes = await readFile(new URL(name, outDir));
    const gzip = gzipSync(bytes, { level: 9 }).length;
    totalGzip += gzip;
    rows.push(`${name} ${kb(bytes.length)} (gzip ${kb(gzip)}, brotli ${kb(brotliCompressSync(bytes).length)})`);
  }
  const rawOf = (test) =>
    Object.values(result.metafile.outputs)
      .flatMap((o) => Object.entries(o.inputs))
      .filter(([path]) => test(path))
      .reduce((n, [, i]) => n + i.bytesInOutput, 0);
  const uplot = rawOf((path) => path.includes('node_modules/uplot/'));
  const map = rawOf((path) => path === 'lagom:world-map');
  log(`dashboard: ${rows.join('; ')}; uPlot ${kb(uplot)} and the world map ${kb(map)} of it raw`);
  log(`dashboard: gzip total ${kb(totalGzip)} of a ${kb(budget)} budget`);
  if (totalGzip > budget) {
    throw new Error(`dashboard is ${kb(totalGzip)} gzip, over its budget of ${kb(budget)}: make it smaller`);
  }
  return { gzip: totalGzip };
}

const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
