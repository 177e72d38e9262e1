// A site's own script on the real server: its settings through the Sites API, the script that
// holds exactly its features at an address that never changes, and the pinned copy whose bytes
// never change (Subresource Integrity).
import { createHash } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLagom, type TestLagom } from '../helpers/lagom.js';

let lagom: TestLagom;
beforeAll(async () => {
  lagom = await startLagom();
});
afterAll(() => lagom?.stop());

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${lagom.url}/api/v1/sites${path}`, {
    method,
    headers: { authorization: `Bearer ${lagom.apiKey}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}
const script = (path: string, headers: Record<string, string> = {}) => fetch(`${lagom.url}${path}`, { headers });
/** The settings the script was given, as it holds them. */
const dataOf = (code: string) => JSON.parse(/\{\.\.\.(\{.*?\}),\.\.\./.exec(code)![1]!);

describe('a site\'s settings through the Sites API', () => {
  it('answers a new site with every default, its script\'s address and the line to paste', async () => {
    const { status, body } = await api('POST', '', { domain: 'script.test' });
    expect(status).toBe(200);
    expect(body.tracker_script_configuration).toEqual({
      engagement: false, outbound_links: false, file_downloads: false, tagged_events: false, form_submissions: false,
      track_404_pages: false, revenue_tracking: false, pageview_props: false, hash_based_routing: false,
    });
    expect(body.consent).toEqual({ mode: 'banner', tcf_purposes: [1, 8, 9, 10], cookieconsent_category: 'analytics', klaro_service: 'lagom', refusal_days: 182 });
    expect(body.privacy_policy_url).toBeNull();
    expect(body.cookie_domain).toBeNull();
    expect(body.script_url).toBe(`${lagom.url}/js/script.test.js`);
    expect(body.snippet).toBe(`<script defer src="${lagom.url}/js/script.test.js"></script>`);
    expect(body.pinned_script_url).toMatch(new RegExp(`^${lagom.url}/js/p/[A-Za-z0-9_-]+\\.js$`));
    expect(body.integrity).toMatch(/^sha384-/);
    expect((await api('GET', '/script.test')).body).toEqual(body);
  });

  it('takes settings when a site is added, and changes only the ones sent', async () => {
    const made = await api('POST', '', { domain: 'made-with.test', tracker_script_configuration: { outbound_links: true } });
    expect(made.body.tracker_script_configuration.outbound_links).toBe(true);
    const changed = await api('PUT', '/made-with.test', { tracker_script_configuration: { file_downloads: true }, privacy_policy_url: 'https://made-with.test/privacy' });
    expect(changed.body.tracker_script_configuration).toMatchObject({ outbound_links: true, file_downloads: true, engagement: false });
    expect(changed.body.privacy_policy_url).toBe('https://made-with.test/privacy');
    const consent = await api('PUT', '/made-with.test', { consent: { mode: 'tcf', tcf_purposes: [9, 1, 9] } });
    expect(consent.body.consent).toMatchObject({ mode: 'tcf', tcf_purposes: [1, 9], refusal_days: 182 });
    expect(consent.body.privacy_policy_url).toBe('https://made-with.test/privacy');
    // Plausible's clients send installation_type; it says nothing about the script
    expect((await api('PUT', '/made-with.test', { tracker_script_configuration: { installation_type: 'manual' } })).status).toBe(200);
    expect((await api('PUT', '/made-with.test', { privacy_policy_url: null })).body.privacy_policy_url).toBeNull();
  });

  it.each([
    [{ tracker_script_configuration: { outbound: true } }, /"tracker_script_configuration\.outbound" is not a feature/],
    [{ tracker_script_configuration: { outbound_links: 'yes' } }, /"tracker_script_configuration\.outbound_links" must be true or false/],
    [{ tracker_script_configuration: [] }, /must be an object/],
    [{ consent: { mode: 'onetrust' } }, /"consent\.mode" must be one of manual, banner, tcf, google, cookieconsent, klaro/],
    [{ consent: { tcf_purposes: [0] } }, /"consent\.tcf_purposes"/],
    [{ consent: { klaro_service: 'la gom' } }, /"consent\.klaro_service"/],
    [{ consent: { refusal_days: 0 } }, /"consent\.refusal_days"/],
    [{ consent: { colour: 'red' } }, /"consent\.colour" is not a consent setting/],
    [{ privacy_policy_url: 'javascript:alert(1)' }, /"privacy_policy_url" must be a full http/],
    [{ privacy_policy_url: '/privacy' }, /"privacy_policy_url" must be a full http/],
    // A cookie domain is the site's domain or a parent of it, written as browsers take it.
    [{ cookie_domain: 'other.test' }, /"cookie_domain" must be the site's domain or a parent of it/],
    [{ cookie_domain: 'with.test' }, /"cookie_domain" must be the site's domain or a parent of it/],
    [{ cookie_domain: 'test' }, /"cookie_domain" must be/],
    [{ cookie_domain: 'Made-With.test' }, /"cookie_domain" must be/],
    [{ cookie_domain: '.made-with.test' }, /"cookie_domain" must be/],
    [{ cookie_domain: 'made-with.test; secure' }, /"cookie_domain" must be/],
    [{ cookie_domain: true }, /"cookie_domain" must be/],
  ])('refuses %j with a 400 that names the setting, and changes nothing', async (body, message) => {
    const before = (await api('GET', '/made-with.test')).body;
    const answer = await api('PUT', '/made-with.test', { timezone: 'Europe/Stockholm', ...body });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('invalid_setting');
    expect(answer.body.error).toMatch(message);
    expect((await api('GET', '/made-with.test')).body).toEqual(before);
  });
});

describe('the site\'s script at /js/<domain>.js', () => {
  it('holds exactly the features the settings enable, and follows a change at the same address', async () => {
    await api('POST', '', { domain: 'follow.test' });
    const first = await script('/js/follow.test.js');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    const code = await first.text();
    expect(code).not.toContain('Outbound Link: Click');
    expect(dataOf(code)).toEqual({ site: 'follow.test', consent: 'banner' });

    await api('PUT', '/follow.test', {
      tracker_script_configuration: { outbound_links: true, hash_based_routing: true },
      privacy_policy_url: 'https://follow.test/integritet',
      consent: { mode: 'manual' },
    });
    const second = await (await script('/js/follow.test.js')).text();
    expect(second).toContain('Outbound Link: Click');
    expect(second).not.toContain('File Download');
    expect(dataOf(second)).toEqual({ site: 'follow.test', policyUrl: 'https://follow.test/integritet', hash: '' });
  });

  it('keeps the tracker\'s state in cookies on the cookie domain: the script is built with the flag and told the domain', async () => {
    await api('POST', '', { domain: 'blog.crumbs.test', consent: { mode: 'manual' } });
    const plain = await (await script('/js/blog.crumbs.test.js')).text();
    expect(plain).not.toContain('credentials');
    expect(plain).not.toContain('domain=');
    expect(plain).toContain('sendBeacon');

    const set = await api('PUT', '/blog.crumbs.test', { cookie_domain: 'crumbs.test' });
    expect(set.status).toBe(200);
    expect(set.body.cookie_domain).toBe('crumbs.test');
    // Its snippet loads the script without credentials, so the request carries no cookie of the domain.
    expect(set.body.snippet).toBe(`<script defer crossorigin="anonymous" src="${set.body.script_url}"></script>`);
    const code = await (await script('/js/blog.crumbs.test.js')).text();
    expect(dataOf(code)).toEqual({ site: 'blog.crumbs.test', cookieDomain: 'crumbs.test' });
    // The cookie jar, and the beacon that carries no cookie.
    expect(code).toContain(';domain=${');
    expect(code).toContain('credentials:"omit"');
    expect(code).not.toContain('sendBeacon');
    // The pinned copy holds the same bytes.
    const pinned = await (await script(new URL(set.body.pinned_script_url).pathname)).text();
    expect(pinned).toBe(code);

    // The site's own domain will do too; empty or null switch it off.
    expect((await api('PUT', '/blog.crumbs.test', { cookie_domain: 'blog.crumbs.test' })).body.cookie_domain).toBe('blog.crumbs.test');
    const off = (await api('PUT', '/blog.crumbs.test', { cookie_domain: '' })).body;
    expect(off.cookie_domain).toBeNull();
    expect(off.snippet).toBe(`<script defer src="${off.script_url}"></script>`);
    expect(await (await script('/js/blog.crumbs.test.js')).text()).toBe(plain);
    // Given when the site is added, it is checked against the new site's domain.
    expect((await api('POST', '', { domain: 'app.crumbs.test', cookie_domain: 'crumbs.test' })).body.cookie_domain).toBe('crumbs.test');
    const refused = await api('POST', '', { domain: 'shop.crumbs.test', cookie_domain: 'blog.crumbs.test' });
    expect(refused).toMatchObject({ status: 400, body: { code: 'invalid_setting' } });
    expect((await api('GET', '/shop.crumbs.test')).status).toBe(404);
  });

  it('is cached briefly with an ETag per encoding, precompressed, and loadable from any site', async () => {
    const plain = await script('/js/follow.test.js', { 'accept-encoding': 'identity' });
    const body = Buffer.from(await plain.arrayBuffer());
    expect(plain.headers.get('cache-control')).toBe('public, max-age=600');
    expect(plain.headers.get('access-control-allow-origin')).toBe('*');
    expect(plain.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(plain.headers.get('content-security-policy')).toBeNull();
    const etag = plain.headers.get('etag')!;
    expect((await script('/js/follow.test.js', { 'accept-encoding': 'identity', 'if-none-match': etag })).status).toBe(304);

    // fetch decodes what it asked for: node:http hands over the bytes as sent.
    for (const [coding, decode] of [['br', brotliDecompressSync], ['gzip', gunzipSync]] as const) {
      const res = await import('node:http').then(
        (http) =>
          new Promise<{ headers: Record<string, unknown>; bytes: Buffer }>((resolve, reject) => {
            http.get(`${lagom.url}/js/follow.test.js`, { headers: { 'accept-encoding': coding } }, (r) => {
              const chunks: Buffer[] = [];
              r.on('data', (c: Buffer) => chunks.push(c));
              r.on('end', () => resolve({ headers: r.headers, bytes: Buffer.concat(chunks) }));
            }).on('error', reject);
          }),
      );
      expect(res.headers['content-encoding']).toBe(coding);
      expect(res.headers.etag).not.toBe(etag);
      expect(decode(res.bytes).equals(body)).toBe(true);
      expect(res.bytes.length).toBeLessThan(body.length);
    }
  });

  it('answers 404 with a clear error for a site that is not registered', async () => {
    const res = await script('/js/nobody.test.js');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: expect.stringMatching(/No site "nobody\.test" is registered/), code: 'site_not_found' });
  });
});

describe('the pinned copy at /js/p/<token>.js', () => {
  it('has the integrity the API gives, is immutable, and keeps its bytes when the settings change', async () => {
    await api('POST', '', { domain: 'pinned.test', tracker_script_configuration: { engagement: true } });
    const { pinned_script_url: url, integrity } = (await api('GET', '/pinned.test')).body;
    const pinned = await fetch(url);
    const bytes = Buffer.from(await pinned.arrayBuffer());
    expect(pinned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(`sha384-${createHash('sha384').update(bytes).digest('base64')}`).toBe(integrity);
    expect(bytes.equals(Buffer.from(await (await script('/js/pinned.test.js')).arrayBuffer()))).toBe(true);

    const changed = await api('PUT', '/pinned.test', { tracker_script_configuration: { engagement: false } });
    expect(changed.body.pinned_script_url).not.toBe(url);
    expect(changed.body.integrity).not.toBe(integrity);
    expect(Buffer.from(await (await fetch(url)).arrayBuffer()).equals(bytes)).toBe(true);
  });

  it.each(['not-base64!', Buffer.from('[1]').toString('base64url'), Buffer.from('[65536,{"site":"pinned.test"}]').toString('base64url'),
    Buffer.from('[0,{"site":"pinned.test","evil":"x"}]').toString('base64url'), Buffer.from('[0,{"site":"gone.test"}]').toString('base64url')])(
    'answers 404 for a token Lagom did not make, or for a site not registered (%s)',
    async (token) => {
      const res = await script(`/js/p/${token}.js`);
      expect(res.status).toBe(404);
      expect((await res.json()).code).toBe('not_found');
    },
  );
});
