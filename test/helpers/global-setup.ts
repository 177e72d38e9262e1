import { execFileSync } from 'node:child_process';

// Browser tests load the built tracker and dashboard, and the process tests run the built CLI
// (what `npm start` runs): build both once for the whole run.
export default function setup(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
