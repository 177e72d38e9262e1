import { cp, mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from './core/config.js';
import { acquireDataDirLock } from './store/lock.js';

const MANIFEST = 'lagom-backup.json';
// The engine's files and the spool (batches not yet in the store) make a whole backup.
const PARTS = ['engine', 'spool'];

export class BackupError extends Error {
  override name = 'BackupError';
}

function embeddedOnly(config: Config): void {
  if (config.clickhouseUrl) {
    throw new BackupError(
      'lagom backup and restore copy the embedded engine; with CLICKHOUSE_URL, back up with ClickHouse itself (BACKUP DATABASE … TO …).',
    );
  }
}

/**
 * A consistent copy of the embedded engine: taken while no Lagom process has the data directory
 * (the lock proves it), so no file changes under the copy.
 */
export async function backup(config: Config, target: string): Promise<{ files: number }> {
  embeddedOnly(config);
  const dest = resolve(target);
  if (existsSync(dest) && (await readdir(dest)).length > 0) throw new BackupError(`${dest} is not empty; choose a new folder`);
  if (!existsSync(join(config.dataDir, 'engine'))) throw new BackupError(`${config.dataDir} holds no Lagom data to back up`);
  const lock = acquireDataDirLock(config.dataDir);
  try {
    await mkdir(dest, { recursive: true });
    for (const part of PARTS) {
      const from = join(config.dataDir, part);
      if (existsSync(from)) await cp(from, join(dest, part), { recursive: true });
    }
    await writeFile(join(dest, MANIFEST), JSON.stringify({ format: 1, created_at: new Date().toISOString(), parts: PARTS }, null, 2));
    return { files: await count(dest) };
  } finally {
    lock.release();
  }
}

/** Puts a backup in place; the data it replaces is kept beside it, renamed, not deleted. */
export async function restore(config: Config, source: string): Promise<{ keptAs?: string }> {
  embeddedOnly(config);
  const from = resolve(source);
  let manifest: { format?: number };
  try {
    manifest = JSON.parse(await readFile(join(from, MANIFEST), 'utf8')) as { format?: number };
  } catch {
    throw new BackupError(`${from} is not a Lagom backup (no ${MANIFEST})`);
  }
  if (manifest.format !== 1) throw new BackupError(`${from} is a backup format this Lagom does not know`);
  await mkdir(config.dataDir, { recursive: true });
  const lock = acquireDataDirLock(config.dataDir);
  try {
    let keptAs: string | undefined;
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    for (const part of PARTS) {
      const current = join(config.dataDir, part);
      if (existsSync(current)) {
        keptAs = join(config.dataDir, `before-restore-${stamp}`);
        await mkdir(keptAs, { recursive: true });
        await rename(current, join(keptAs, part));
      }
      if (existsSync(join(from, part))) await cp(join(from, part), current, { recursive: true });
    }
    return { keptAs };
  } finally {
    lock.release();
  }
}

async function count(dir: string): Promise<number> {
  let n = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    n += entry.isDirectory() ? await count(join(dir, entry.name)) : 1;
  }
  return n;
}

