// A real nginx in front of a test's Lagom, with the server block the deployment docs print:
// the block is read from docs/deployment.md and run as written, so the docs cannot drift from
// what works. Debian's nginx and openssl, never downloaded ones.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import { request, type RequestOptions } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';

export const nginxPath = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

/** Why the deployment test cannot run here, or undefined when it can. */
function missing(): string | undefined {
  if (!existsSync(nginxPath)) return `nginx not found at ${nginxPath}: "apt-get install -y nginx" (or set NGINX_PATH).`;
  if (spawnSync('openssl', ['version']).status !== 0) return 'openssl not found: "apt-get install -y openssl".';
  // The docs' block listens on 443, and a browser's Origin for https on 443 has no port in it.
  const sysctl = '/proc/sys/net/ipv4/ip_unprivileged_port_start';
  const unprivileged = existsSync(sysctl) ? Number(readFileSync(sysctl, 'utf8')) : 1024;
  if (process.getuid?.() !== 0 && unprivileged > 443) return 'nginx must bind port 443: run the tests as root.';
  return undefined;
}

const why = missing();
export const hasNginx = why === undefined;
if (why) {
  const message = `The deployment test puts Debian's nginx in front of Lagom. ${why}`;
  if (process.env.LAGOM_REQUIRE_BROWSER === '1') throw new Error(message);
  console.warn(`\n*** SKIPPING THE NGINX DEPLOYMENT TEST *** ${message}\n`);
}

export const DOCS_CERT = '/etc/letsencrypt/live/stats.example.com/fullchain.pem';
export const DOCS_KEY = '/etc/letsencrypt/live/stats.example.com/privkey.pem';
export const DOCS_UPSTREAM = '127.0.0.1:8080';

/** The ```nginx block under "### nginx in front" in docs/deployment.md, as printed there. */
export function docsServerBlock(markdown = readFileSync('docs/deployment.md', 'utf8')): string {
  const section = markdown.split(/^### nginx in front[ \t]*$/m)[1]?.split(/^##/m)[0];
  const block = section && /^```nginx\n([\s\S]*?)^```/m.exec(section)?.[1];
  if (!block) throw new Error('docs/deployment.md has no ```nginx block under "### nginx in front"');
  return block;
}

/**
 * The docs' block with this machine's certificate and Lagom's port, nothing else changed. A
 * placeholder the docs no longer print is an error, not a block left pointing at /etc/letsencrypt.
 */
export function localise(block: string, o: { cert: string; key: string; upstream: string }): string {
  for (const placeholder of [DOCS_CERT, DOCS_KEY, DOCS_UPSTREAM]) {
    if (!block.includes(placeholder)) throw new Error(`the docs' nginx block no longer contains ${placeholder}`);
  }
  return block.replaceAll(DOCS_CERT, o.cert).replaceAll(DOCS_KEY, o.key).replaceAll(DOCS_UPSTREAM, o.upstream);
}

/** A throwaway self-signed certificate for `name`, valid for a day; returns the file paths and the PEM. */
export function selfSignedCert(dir: string, name: string): { cert: string; key: string; pem: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${name}`, '-addext', `subjectAltName=DNS:${name}`, '-days', '1', '-keyout', key, '-out', cert],
    { stdio: 'pipe' },
  );
  return { cert, key, pem: readFileSync(cert, 'utf8') };
}

/** The test's own nginx.conf around a server block: everything nginx writes stays in `dir`. */
export function nginxConf(dir: string, serverBlock: string): string {
  const temp = (kind: string) => `${kind}_temp_path ${join(dir, `${kind}-temp`)};`;
  return [
    // In the foreground, so the child is the master process and its PID is the one to stop.
    'daemon off;',
    'worker_processes 1;',
    `pid ${join(dir, 'nginx.pid')};`,
    'error_log stderr warn;',
    'events { worker_connections 256; }',
    'http {',
    '    access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `    ${temp(kind)}`),
    serverBlock,
    '}',
    '',
  ].join('\n');
}

export interface ProxyAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One HTTPS request to 127.0.0.1:443 as `https://<host><path>`, checked against the test's certificate. */
export function viaProxy(o: { ca: string; host: string; path: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<ProxyAnswer> {
  const options: RequestOptions = {
    host: '127.0.0.1',
    port: 443,
    servername: o.host,
    ca: o.ca,
    method: o.method ?? 'GET',
    path: o.path,
    headers: { host: o.host, ...o.headers },
    agent: false,
    timeout: 5000,
  };
  return new Promise((resolve, reject) => {
    const req = request(options, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${options.method} https://${o.host}${o.path}: no answer in 5 s`)));
    req.on('error', reject);
    req.end(o.body);
  });
}

export interface RunningNginx {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Checks the configuration (`nginx -t`, its complaint in the error), starts nginx in the
 * foreground and waits until `https://<host>/healthz` answers through it.
 */
export async function startNginx(o: { dir: string; serverBlock: string; host: string; ca: string }): Promise<RunningNginx> {
  const conf = join(o.dir, 'nginx.conf');
  await writeFile(conf, nginxConf(o.dir, o.serverBlock));
  // Run as root, the workers drop to nginx's unprivileged user, which must reach its temp
  // folders in here. The key stays 0600: only the master, still root, reads it.
  await chmod(o.dir, 0o755);
  const args = ['-p', o.dir, '-c', conf, '-e', 'stderr'];
  const check = spawnSync(nginxPath, ['-t', ...args], { encoding: 'utf8', timeout: 10_000 });
  if (check.status !== 0) throw new Error(`nginx -t refused the configuration:\n${check.stderr}${check.stdout}\n--- ${conf} ---\n${readFileSync(conf, 'utf8')}`);

  const child = spawn(nginxPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  const end = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx stopped at start-up (exit ${child.exitCode}):\n${text}`);
    const answer = await viaProxy({ ca: o.ca, host: o.host, path: '/healthz' }).catch(() => undefined);
    if (answer?.status === 200) return { child, output: () => text, stop };
    if (Date.now() > end) {
      await stop();
      throw new Error(`nginx did not pass /healthz through within 10 s (last answer: ${answer?.status ?? 'none'}):\n${text}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
