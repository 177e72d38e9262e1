import { execFileSync } from 'node:child_process';

// Browser tests load the built tracker and dashboard; build them once for the whole run.
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
