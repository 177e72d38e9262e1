// A real OpenID provider for the single sign-on tests: oidc-provider on 127.0.0.1 (random
// port), one client registered for a Lagom's callback, and people kept in memory that a test
// changes as it goes (a group taken away at the provider). It signs in with its development
// interactions: a form that takes any login name (here, a key of `people`), then a consent page.
import { createServer, type Server } from 'node:http';
import { createServer as netServer } from 'node:net';
import Provider from 'oidc-provider';

export interface Person {
  email?: string;
  email_verified?: boolean;
  groups: string[];
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** by login name; read on every sign-in, so a change applies at the next one */
  people: Map<string, Person>;
  close(): Promise<void>;
}

/** A port free on 127.0.0.1 right now (Lagom's callback address must be known before it starts). */
export async function freePort(): Promise<number> {
  const probe = netServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export async function startProvider(redirectUri: string): Promise<TestProvider> {
  const http: Server = createServer();
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  const people = new Map<string, Person>();
  const clientId = 'lagom';
  const clientSecret = 'a client secret for the tests';
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], response_types: ['code'], grant_types: ['authorization_code'], token_endpoint_auth_method: 'client_secret_basic' }],
    // The scopes Lagom is told to ask for (LAGOM_OIDC_SCOPES), and the claims each brings.
    claims: { email: ['email', 'email_verified'], groups: ['groups'] },
    cookies: { keys: ['cookie key of the test provider'] },
    findAccount: (_ctx, id) => {
      if (!people.has(id)) return undefined;
      return {
        accountId: id,
        claims: () => {
          const person = people.get(id)!;
          return { sub: id, ...person };
        },
      };
    },
  });
  http.on('request', provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    people,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

/** Cookies by name, as one browser would keep them across both servers (both on 127.0.0.1). */
export class Jar {
  readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1);
      const gone = /max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '';
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  /** One request, no redirects followed; cookies sent and kept. */
  async get(url: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: this.header() } });
    this.take(res);
    return res;
  }
}

/**
 * Follows redirects from `url` with the jar until the answer is not a redirect or leaves for
 * `stopAt` (an origin); answers the last response and the URL it came from.
 */
export async function follow(jar: Jar, url: string, stopAt?: string): Promise<{ res: Response; url: string }> {
  let current = url;
  for (let hops = 0; hops < 20; hops++) {
    const res = await jar.get(current);
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) return { res, url: current };
    const next = new URL(location, current).href;
    if (stopAt && next.startsWith(stopAt)) return { res, url: next };
    current = next;
  }
  throw new Error(`too many redirects from ${url}`);
}

/**
 * A sign-in through the provider's development forms, without a browser: Lagom's start, the
 * login form (or none, when the provider remembers the person), consent, up to the redirect
 * back to Lagom's callback, whose URL is returned. `cancel` takes the form's Cancel link instead.
 */
export async function reachCallback(jar: Jar, lagomUrl: string, login: string, o: { cancel?: boolean } = {}): Promise<string> {
  const start = await jar.get(`${lagomUrl}/api/auth/oidc/start`);
  let { res, url } = await follow(jar, new URL(start.headers.get('location')!, lagomUrl).href, lagomUrl);
  while (!url.startsWith(lagomUrl)) {
    const page = await res.text();
    const uid = /\/interaction\/([^/"]+)/.exec(url)?.[1];
    if (!uid) throw new Error(`unexpected provider page ${url}: ${page.slice(0, 200)}`);
    const origin = new URL(url).origin;
    if (o.cancel) {
      ({ res, url } = await follow(jar, `${origin}/interaction/${uid}/abort`, lagomUrl));
      continue;
    }
    const form: Record<string, string> = page.includes('name="login"') ? { prompt: 'login', login, password: 'any' } : { prompt: 'consent' };
    const posted = await jar.get(`${origin}/interaction/${uid}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    ({ res, url } = await follow(jar, new URL(posted.headers.get('location')!, url).href, lagomUrl));
  }
  return url;
}

/** The whole sign-in: reachCallback, then Lagom's answer to the callback (a redirect). */
export async function signInAt(jar: Jar, lagomUrl: string, login: string, o: { cancel?: boolean } = {}): Promise<Response> {
  return jar.get(await reachCallback(jar, lagomUrl, login, o));
}
