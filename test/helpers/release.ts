import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, symlink, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This checkout: the repository the tests run in. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const git = (args: string[], cwd = repoRoot) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/**
 * The commit of a release, as CHANGELOG.md records it in the release's heading:
 * `## [0.1.0] - 2026-11-26 (commit <40 hex digits>)`.
 */
export function releaseCommit(version: string, changelog = join(repoRoot, 'CHANGELOG.md')): string {
  const escaped = version.replace(/\./g, '\\.');
  const heading = new RegExp(`^## \\[${escaped}\\] - \\d{4}-\\d{2}-\\d{2} \\(commit ([0-9a-f]{40})\\)$`, 'm');
  const commit = heading.exec(readFileSync(changelog, 'utf8'))?.[1];
  if (!commit) throw new Error(`CHANGELOG.md has no heading "## [${version}] - YYYY-MM-DD (commit <40 hex digits>)"`);
  return commit;
}

function dependencyNames(packageJson: string): string[] {
  const pkg = JSON.parse(packageJson) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  return Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
}

export interface ReleaseCheckout {
  dir: string;
  /** package.json's version at that commit */
  version: string;
  /** seconds each build step took */
  buildSeconds: { tsc: number; assets: number };
  remove(): Promise<void>;
}

/**
 * A released commit checked out beside this one (`git worktree`) and built as `npm run build`
 * builds it, on this checkout's node_modules. That is sound only while the release needs no
 * package this checkout lacks, which is checked first.
 */
export async function checkoutRelease(commit: string): Promise<ReleaseCheckout> {
  try {
    git(['cat-file', '-e', `${commit}^{commit}`]);
  } catch {
    const shallow = git(['rev-parse', '--is-shallow-repository']) === 'true';
    throw new Error(
      `Commit ${commit} (from CHANGELOG.md) is not in this clone's history${shallow ? ': the clone is shallow' : ''}. ` +
        `The upgrade test checks it out; fetch the full history first (git fetch --unshallow).`,
    );
  }
  const released = git(['show', `${commit}:package.json`]);
  const current = new Set(dependencyNames(readFileSync(join(repoRoot, 'package.json'), 'utf8')));
  const missing = dependencyNames(released).filter((name) => !current.has(name));
  if (missing.length) {
    throw new Error(
      `The release at ${commit} depends on ${missing.join(', ')}, which this checkout's package.json no longer has: ` +
        `its build cannot borrow this node_modules.`,
    );
  }

  const dir = await mkdtemp(join(tmpdir(), 'lagom-release-'));
  const modules = join(dir, 'node_modules');
  const remove = async () => {
    // The link first, so that nothing that removes the worktree can reach into our node_modules.
    await unlink(modules).catch(() => undefined);
    try {
      git(['worktree', 'remove', '--force', dir]);
    } finally {
      git(['worktree', 'prune']);
      await rm(dir, { recursive: true, force: true });
    }
  };
  try {
    git(['worktree', 'add', '--detach', dir, commit]);
    await symlink(join(repoRoot, 'node_modules'), modules, 'dir');
    const timed = (run: () => void) => {
      const start = performance.now();
      run();
      return Math.round(performance.now() - start) / 1000;
    };
    const build = (file: string, args: string[]) => () => {
      try {
        execFileSync(file, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (err) {
        const { stdout = '', stderr = '' } = err as { stdout?: string; stderr?: string };
        throw new Error(`Building the release at ${commit} failed: ${[file, ...args].join(' ')}\n${stdout}${stderr}`);
      }
    };
    const tsc = timed(build('npx', ['tsc', '-p', 'tsconfig.build.json']));
    // The tracker and the dashboard. The server starts without them (a missing file answers
    // 503), but a release is what `npm run build` makes.
    const assets = timed(build(process.execPath, ['scripts/build.mjs']));
    const { version } = JSON.parse(released) as { version: string };
    return { dir, version, buildSeconds: { tsc, assets }, remove };
  } catch (err) {
    await remove();
    throw err;
  }
}
