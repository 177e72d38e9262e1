// Builds what the server serves: the tracker and the dashboard, into dist/public, each file also
// precompressed (gzip and brotli) for the server to send by Accept-Encoding.
// The server itself runs from TypeScript compiled by `tsc -p tsconfig.build.json`.
import { mkdir } from 'node:fs/promises';
import { buildTracker } from './build-tracker.mjs';
import { buildDashboard } from './build-dashboard.mjs';
import { precompress } from './precompress.mjs';

const outDir = new URL('../dist/public/', import.meta.url);
await mkdir(outDir, { recursive: true });
await buildTracker(outDir);
await buildDashboard(outDir);
await precompress(outDir);
