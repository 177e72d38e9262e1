#!/usr/bin/env -S node --max-semi-space-size=4 --heap-growing-percent=25
// V8's heap kept small under load, for no measurable throughput (docs/operations.md, "Memory"):
// --max-semi-space-size=4: the young generation at 3 × 4 MB instead of 3 × 16 MB;
// --heap-growing-percent=25: a full collection when the old generation has grown by a quarter,
// not by up to four times, so the garbage of a burst does not pile up between collections.
// `npm start`, the systemd unit and the benchmarks start Node with the same flags.
import { existsSync } from 'node:fs';
import { BackupError, backup, restore } from './backup.js';
import { ConfigError, loadConfig } from './core/config.js';
import { runRollup, startServer } from './main.js';
import { openStore } from './store/client.js';
import { migrate } from './store/migrate.js';
import { records } from './store/records.js';
import { RESET_LINK_HOURS, issueToken } from './auth/tokens.js';
import { DataDirBusyError } from './store/lock.js';

const USAGE = `Usage: lagom [start | rollup | backup <dir> | restore <dir> | reset-password <email>]

  start          run the collector, the Stats API and the dashboard (default)
  rollup         roll old hourly counters into daily ones and apply the retention period now
                 (the running server does this on its own every hour)
  backup <dir>   copy the embedded engine's data into a new folder (stop Lagom first)
  restore <dir>  put a backup in place (stop Lagom first); the data it replaces is kept aside
  reset-password <email>
                 print a one-time link (valid ${RESET_LINK_HOURS} hours) where that account chooses a new
                 password; with the embedded engine, stop Lagom first

Configuration comes from environment variables; see docs/configuration.md.`;

async function start(): Promise<void> {
  const config = loadConfig();
  const server = await startServer(config);
  const lines = [
    '',
    `  Lagom is running.`,
    `  Dashboard:  ${config.publicUrl ?? server.url}/`,
    // Behind a proxy the public address is not where this process listens; say both.
    ...(config.publicUrl ? [`  Listening:  ${server.url} (the proxy in front forwards to it)`] : []),
    `  Data:       ${config.clickhouseUrl ? `ClickHouse at ${config.clickhouseUrl}` : `embedded engine in ${config.dataDir}`}`,
    server.setupUrl
      ? `  First run:  open ${server.setupUrl}\n              to choose the owner's email and password (the link works once).`
      : `  Log in with the owner account${config.adminEmail ? ` (${config.adminEmail})` : ''}.`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n  ${signal}: writing buffered events, then stopping.\n`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`Stopped with an error: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

async function rollupNow(): Promise<void> {
  const config = loadConfig();
  let store;
  try {
    store = await openStore(config);
  } catch (err) {
    if (err instanceof DataDirBusyError) {
      throw new DataDirBusyError(`${err.message} The running server rolls up on its own every hour.`);
    }
    throw err;
  }
  try {
    await migrate(store);
    const report = await runRollup(store, records(store), config);
    process.stdout.write(
      `Rolled up ${report.daysRolled} day(s) older than ${config.hourlyDays} days` +
        (config.retentionDays ? `; deleted data older than ${config.retentionDays} days.\n` : '.\n'),
    );
  } finally {
    await store.close();
  }
}

/** A mistake in the command line or its arguments: printed as is, exit 1. */
class UsageError extends Error {}

/** A way back in for an owner who forgot the password: a one-time link, like the setup link. */
async function resetPassword(emailArg: string | undefined): Promise<void> {
  if (!emailArg) throw new UsageError('lagom reset-password needs the account\'s email: lagom reset-password you@example.com');
  const email = emailArg.trim().toLowerCase();
  const config = loadConfig();
  let store;
  try {
    store = await openStore(config);
  } catch (err) {
    if (err instanceof DataDirBusyError) throw new DataDirBusyError(`${err.message} Stop it before lagom reset-password.`);
    throw err;
  }
  try {
    await migrate(store);
    const db = records(store);
    if (!(await db.getUser(email))) throw new UsageError(`No account has the email ${email}.`);
    const token = await issueToken(db, email, 'reset', RESET_LINK_HOURS);
    const base = config.publicUrl ?? `http://localhost:${config.port}`;
    process.stdout.write(
      `Open ${base}/reset?token=${token}\n` +
        `to choose a new password for ${email}. The link works once, for ${RESET_LINK_HOURS} hours;\n` +
        `choosing the password signs out every session of the account.\n`,
    );
  } finally {
    await store.close();
  }
}

async function main(argv: string[]): Promise<void> {
  // An optional .env in the working directory; variables already set win over it.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const [command = 'start'] = argv;
  switch (command) {
    case 'start':
      return start();
    case 'rollup':
      return rollupNow();
    case 'backup':
    case 'restore': {
      const dir = argv[1];
      if (!dir) throw new BackupError(`lagom ${command} needs a folder: lagom ${command} <dir>`);
      const config = loadConfig();
      try {
        if (command === 'backup') {
          const { files } = await backup(config, dir);
          process.stdout.write(`Backed up ${config.dataDir} to ${dir} (${files} files).\n`);
        } else {
          const { keptAs } = await restore(config, dir);
          process.stdout.write(`Restored ${dir} into ${config.dataDir}.${keptAs ? ` The data it replaced is in ${keptAs}.` : ''}\n`);
        }
      } catch (err) {
        if (err instanceof DataDirBusyError) throw new DataDirBusyError(`${err.message} Stop it before lagom ${command}.`);
        throw err;
      }
      return;
    }
    case 'reset-password':
      return resetPassword(argv[1]);
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return;
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}\n`);
      process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirBusyError || err instanceof BackupError || err instanceof UsageError) {
    process.stderr.write(`lagom: ${err.message}\n`);
  } else {
    process.stderr.write(`lagom: could not start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
});
