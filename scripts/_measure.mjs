import { buildTracker } from './build-tracker.mjs';
import { mkdtempSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const dir = mkdtempSync('/tmp/trk-');
try { await buildTracker(pathToFileURL(dir + '/'), { log: (l) => /lagom.js:|site scripts/.test(l) && console.log(l.slice(0, 150)) }); } catch (e) { console.log(String(e).slice(0, 300)); }
console.log(dir);
