import { spawn, type ChildProcess } from 'node:child_process';

export interface LagomProcess {
  child: ChildProcess;
  /** everything printed so far (stdout and stderr) */
  output(): string;
  /** resolves with the exit code */
  exited: Promise<number | null>;
}

export interface CliOptions {
  /** the checkout whose built CLI runs (an older release's, for the upgrade test); this one by default */
  cwd?: string;
}

/** Runs the built CLI (`dist/server/cli.js`), as `npm start` does, with the given environment. */
export function runCli(args: string[], env: Record<string, string>, options: CliOptions = {}): LagomProcess {
  const child = spawn(process.execPath, ['dist/server/cli.js', ...args], {
    cwd: options.cwd,
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

/**
 * Runs `lagom start` and waits until it says it is running; `url` is the address it printed
 * (start it with PORT=0 so parallel test files never fight over a port).
 */
export async function startCli(env: Record<string, string>, options: CliOptions = {}): Promise<LagomProcess & { url: string }> {
  const p = runCli(['start'], env, options);
  await waitFor(() => p.output().includes('Lagom is running') || p.child.exitCode !== null, 'start-up');
  const url = /Dashboard:\s+(http:\/\/[^/\s]+)/.exec(p.output())?.[1];
  if (!url) throw new Error(`lagom start did not start:\n${p.output()}`);
  return { ...p, url };
}

/** SIGTERM, and wait for the exit. */
export async function stopCli(p: LagomProcess): Promise<number | null> {
  p.child.kill('SIGTERM');
  return p.exited;
}

/** Logs the owner in and returns the session cookie ("name=value"). */
export async function loginCookie(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}
