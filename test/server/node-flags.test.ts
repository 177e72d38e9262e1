// The server's V8 flags keep its memory small (docs/operations.md, "Memory"). They are given
// in several places, one per way of starting it; a place that lost them would quietly run a
// server that needs more memory than the docs promise.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const flags = /^#!\/usr\/bin\/env -S node (.+)$/m.exec(read('server/cli.ts'))![1]!;

it('the lagom command gives Node the memory flags', () => {
  expect(flags.split(' ')).toEqual(['--max-semi-space-size=4', '--heap-growing-percent=25']);
});

it('npm start, the deployment docs and the benchmarks give the same flags', () => {
  const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
  expect(pkg.scripts.start).toContain(`node ${flags} dist/server/cli.js start`);
  const deployment = read('docs/deployment.md');
  expect(deployment).toContain(`node ${flags} dist/server/cli.js start`);
  expect(deployment).toContain(`ExecStart=/usr/bin/node ${flags} /opt/lagom/dist/server/cli.js start`);
  const quoted = flags
    .split(' ')
    .map((f) => `'${f}'`)
    .join(', ');
  expect(read('bench/lib.ts')).toContain(`[${quoted}, file, 'start']`);
});
