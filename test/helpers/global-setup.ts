import { execFileSync } from 'node:child_process';

// Browser tests load the built tracker and dashboard, and the process tests run the built CLI
// (what `npm start` runs): build both once for the whole run.
//
// LAGOM_SKIP_BUILD=1 skips the build, for a run that follows one which has just built the same
// tree: `npm test` runs vitest twice (the conformance suite on its own) and sets it on the
// second run only. A run on its own should build; with the variable set it tests whatever
// dist/ holds, stale or not.
export default function setup(): void {
  if (process.env.LAGOM_SKIP_BUILD === '1') return;
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
