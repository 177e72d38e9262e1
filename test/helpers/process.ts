import { spawn, type ChildProcess } from 'node:child_process';

export interface LagomProcess {
  child: ChildProcess;
  /** everything printed so far (stdout and stderr) */
  output(): string;
  /** resolves with the exit code */
  exited: Promise<number | null>;
}

/** Runs the built CLI (`dist/server/cli.js`), as `npm start` does, with the given environment. */
export function runCli(args: string[], env: Record<string, string>): LagomProcess {
  const child = spawn(process.execPath, ['dist/server/cli.js', ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LAGOM_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

export async function waitFor(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
