// The website the replayed people visit: one node:http server that answers any path under any
// host name (Chromium maps every name to 127.0.0.1) with a page embedding Lagom's tracker.
//
// The page posts its events to its own origin (`data-api`), and this server hands each on to
// Lagom with the browser's user agent. Two reasons: Chromium sends client hints of its own
// ("Chromium", whatever the user agent says) to 127.0.0.1, which is a secure context, but none
// to a plain-http site, so only the user agent the replay chose reaches Lagom; and Lagom's
// answer comes back here, so a dropped or refused event is seen instead of silently missing.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The case's site (data-site), sent by the replay with every page request. */
export const SITE_HEADER = 'x-replay-site';
/** "refused": the page refuses consent before granting it, so its own pageview is not counted. */
export const PAGEVIEW_HEADER = 'x-replay-pageview';
/** The pageview's custom properties, as JSON: written on the script tag as `data-prop-<key>`. */
export const PROPS_HEADER = 'x-replay-props';

const STUB = 'window.lagom = window.lagom || function () { (lagom.q = lagom.q || []).push(arguments) };';

export interface ReplaySite {
  port: number;
  /** what went wrong with events of a site: Lagom's drops and refusals, by data-site */
  problems(site: string): string[];
  close(): Promise<void>;
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString()));
    req.on('error', reject);
  });
}

const attr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function page(collector: string, site: string, origin: string, refused: boolean, props: Record<string, string>): string {
  // Consent at once, as a consent tool that already has the visitor's yes. "Refused" first
  // drops the page's queued pageview: a page whose view is not counted, where custom events
  // still are (Plausible's fixtures have people with custom events and no pageview).
  const consent = `${refused ? "lagom('consent', false);" : ''}lagom('consent', true);`;
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>replay</title>` +
    `<script>${STUB}${consent}</script>` +
    `<script defer src="${collector}/js/${site}.js" data-api="${origin}" data-allow-localhost data-allow-automation` +
    Object.entries(props).map(([k, v]) => ` data-prop-${attr(k)}="${attr(v)}"`).join('') +
    `></script>` +
    `</head><body><p>replay</p></body></html>`
  );
}

export async function startReplaySite(collector: string): Promise<ReplaySite> {
  const problems = new Map<string, string[]>();
  const note = (site: string, problem: string) => problems.set(site, [...(problems.get(site) ?? []), problem]);

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://replay');
    if (url.pathname === '/api/event' && req.method === 'POST') {
      void (async () => {
        const body = await read(req);
        const site = String((JSON.parse(body) as { d?: unknown }).d);
        const headers: Record<string, string> = { 'content-type': 'text/plain', 'user-agent': req.headers['user-agent'] ?? '' };
        for (const [k, v] of Object.entries(req.headers)) if (k.startsWith('sec-ch-') && typeof v === 'string') headers[k] = v;
        const answer = await fetch(`${collector}/api/event`, { method: 'POST', body, headers });
        const dropped = answer.headers.get('x-lagom-dropped');
        if (answer.status !== 202 || dropped) note(site, `${answer.status} ${dropped ?? (await answer.text())}: ${body}`);
        res.writeHead(answer.status).end();
      })().catch((err: unknown) => {
        note('?', String(err));
        res.writeHead(502).end();
      });
      return;
    }
    const site = req.headers[SITE_HEADER];
    if (typeof site !== 'string' || !/^[a-z0-9.-]+$/.test(site)) {
      res.writeHead(400).end(`the replay sends ${SITE_HEADER}`);
      return;
    }
    const refused = req.headers[PAGEVIEW_HEADER] === 'refused';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    const props = req.headers[PROPS_HEADER];
    res.end(page(collector, site, `http://${req.headers.host}`, refused, typeof props === 'string' ? (JSON.parse(props) as Record<string, string>) : {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    problems: (site) => problems.get(site) ?? [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
