import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface DataDirLock {
  release(): void;
}

export class DataDirBusyError extends Error {
  override name = 'DataDirBusyError';
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the data directory for this process, or says plainly which process holds it. */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const file = join(dataDir, 'lagom.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { release: () => rmSync(file, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new DataDirBusyError(
          `The data directory ${dataDir} is in use by a running Lagom (PID ${pid}). ` +
            `Stop it first, or point LAGOM_DATA_DIR somewhere else.`,
        );
      }
      // A lock left behind by a process that is gone (crash, kill -9): take it over.
      rmSync(file, { force: true });
    }
  }
  throw new DataDirBusyError(`Could not lock the data directory ${dataDir}`);
}
