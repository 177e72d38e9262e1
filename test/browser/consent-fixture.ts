// The consent managers' test site: pages that embed the tracker beside a real consent tool,
// served with the tool's own browser build from node_modules, on a 127.0.0.1 port of its own
// (the collector stays cross-origin, as on a real site). consent-managers.test.ts drives them.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The queue stub of docs/tracker.md: the page may call `lagom(…)` before the tracker loads. */
const STUB = 'window.lagom = window.lagom || function () { (lagom.q = lagom.q || []).push(arguments) };';

const modules = new URL('../../node_modules/', import.meta.url);

/** `/vendor/<name>`: each tool exactly as its package ships it for browsers. */
const VENDOR: Record<string, [file: URL, type: string]> = {
  'klaro.js': [new URL('klaro/dist/klaro.js', modules), 'text/javascript'],
  'cookieconsent.js': [new URL('vanilla-cookieconsent/dist/cookieconsent.umd.js', modules), 'text/javascript'],
  'cookieconsent.css': [new URL('vanilla-cookieconsent/dist/cookieconsent.css', modules), 'text/css'],
};

export interface CmpPage {
  /** HTML in <head> before the embed: the consent tool's tags */
  head?: string;
  /** the embed's attributes besides src, e.g. `data-site="…" ${ALLOW} data-consent="tcf"` */
  attrs: string;
  /** the tracker's path on the collector (default `/lagom.js`) */
  src?: string;
  /** HTML at the end of <body>: a tool that arrives after the tracker, links to the tool's settings */
  body?: string;
}

export interface ConsentFixture {
  url: string;
  /** registers a page; its address (any path under it serves the same page) */
  page(page: CmpPage): string;
  close(): Promise<void>;
}

/**
 * `/p/<n>/…` serves page n; `/vendor/…` the tools' files; `/vendor/tcf-cmp.js` the test CMP
 * (cmp/tcf-cmp.ts) bundled with IAB's packages. `collector`: the Lagom the pages embed.
 */
export async function startConsentFixture(collector: string): Promise<ConsentFixture> {
  const bundled = await build({
    entryPoints: [fileURLToPath(new URL('cmp/tcf-cmp.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    write: false,
  });
  const files = new Map<string, [Buffer | string, string]>([['tcf-cmp.js', [bundled.outputFiles[0]!.text, 'text/javascript']]]);
  for (const [name, [file, type]] of Object.entries(VENDOR)) files.set(name, [await readFile(file), type]);

  const pages: CmpPage[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const vendor = /^\/vendor\/([\w.-]+)$/.exec(path);
    const file = vendor && files.get(vendor[1]!);
    if (file) return res.writeHead(200, { 'content-type': file[1] }).end(file[0]);
    const page = pages[Number(/^\/p\/(\d+)(\/|$)/.exec(path)?.[1] ?? NaN)];
    if (!page) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>consent fixture</title>` +
        `<script>${STUB}</script>${page.head ?? ''}` +
        `<script defer src="${collector}${page.src ?? '/lagom.js'}" ${page.attrs}></script>` +
        `</head><body><h1>consent fixture</h1>${page.body ?? ''}</body></html>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    page(page) {
      pages.push(page);
      return `${url}/p/${pages.length - 1}/`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
