// GET /api/v1/sites/:domain/privacy-text on a real Lagom: the text follows the site's settings
// as they are changed with PUT /api/v1/sites/:domain, states the server's retention and its
// address, speaks Swedish on lang=sv, refuses other languages, and is the owner's only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLagom, type TestLagom } from '../helpers/lagom.js';

const site = 'privacy.example.com';
let lagom: TestLagom;
beforeAll(async () => {
  lagom = await startLagom({ LAGOM_HOURLY_DAYS: '30', LAGOM_RETENTION_DAYS: '400' });
  await lagom.addSite(site);
});
afterAll(() => lagom?.stop());

const auth = () => ({ authorization: `Bearer ${lagom.apiKey}` });
async function privacy(query = '', domain = site) {
  const res = await fetch(`${lagom.url}/api/v1/sites/${domain}/privacy-text${query}`, { headers: auth() });
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Record<string, string> };
}
async function put(body: unknown) {
  const res = await fetch(`${lagom.url}/api/v1/sites/${site}`, {
    method: 'PUT',
    headers: { ...auth(), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

describe('GET /api/v1/sites/:domain/privacy-text', () => {
  it('follows the site as its settings change', async () => {
    const first = await privacy();
    expect(first.status).toBe(200);
    expect(first.type).toMatch(/^application\/json/);
    expect(Object.keys(first.body).sort()).toEqual(['html', 'text']);
    const { text = '', html = '' } = first.body;
    // A new site: the banner, no features; the server's retention and public address.
    expect(text).toContain(`Visitor statistics on ${site}`);
    expect(text).toContain('Our statistics keep hourly detail for 30 days, then only daily totals. The totals are deleted after 400 days.');
    // Without LAGOM_PUBLIC_URL, the address the request reached.
    expect(text).toContain(`on our own Lagom server at ${lagom.url}.`);
    expect(text).toContain('If you decline, we do not ask again for 182 days.');
    expect(text).toContain('lagom_r');
    expect(text).not.toContain('clicks on links to other websites');
    expect(html).toContain('<a href="#" data-lagom-banner>Cookie settings</a>');
    // The site's own script is named at the same address.
    const detail = await fetch(`${lagom.url}/api/v1/sites/${site}`, { headers: auth() });
    expect(((await detail.json()) as { script_url: string }).script_url).toBe(`${lagom.url}/js/${site}.js`);

    await put({ tracker_script_configuration: { outbound_links: true }, consent: { refusal_days: 60 } });
    const outbound = (await privacy()).body.text;
    expect(outbound).toContain("clicks on links to other websites, with the link's address without its query string");
    expect(outbound).toContain('If you decline, we do not ask again for 60 days.');
    expect(outbound).not.toContain('file downloads');

    await put({ consent: { mode: 'tcf' } });
    const tcf = (await privacy()).body;
    expect(tcf.text).toContain('in our cookie settings (our consent tool)');
    expect(tcf.text).not.toContain('lagom_r');
    expect(tcf.text).not.toContain('If you decline');
    expect(tcf.html).not.toContain('data-lagom-banner');
    expect(tcf.text).toContain('clicks on links to other websites');

    await put({ consent: { mode: 'banner' }, tracker_script_configuration: { outbound_links: false } });
    expect((await privacy()).body.text).toBe(text.replace('182 days', '60 days'));
  });

  it('names the cookies and their domain when the site has a cookie domain, in both languages', async () => {
    await put({ cookie_domain: 'example.com' });
    const { text } = (await privacy()).body;
    expect(text).toContain('first-party cookies on example.com (shared by its subdomains, so that a visit across them counts once)');
    expect(text).toContain('Your browser sends these cookies with every request to example.com and its subdomains');
    expect(text).toContain('They are never sent to the statistics server');
    expect(text).not.toContain('localStorage');
    expect(text).not.toContain('the statistics use none');
    const sv = (await privacy('?lang=sv')).body.text;
    expect(sv).toContain('förstapartskakor (cookies) på example.com');
    expect(sv).toContain('Din webbläsare skickar kakorna med varje förfrågan till example.com');
    expect(sv).not.toContain('localStorage');
    expect(sv).not.toContain('statistiken använder inga');
    await put({ cookie_domain: null });
    const back = (await privacy()).body.text;
    expect(back).toContain('localStorage');
    expect(back).toContain('cookies: the statistics use none');
    expect(back).not.toContain('first-party cookies');
  });

  it('writes Swedish with lang=sv, English with lang=en and by default', async () => {
    const sv = await privacy('?lang=sv');
    expect(sv.status).toBe(200);
    expect(sv.body.text).toContain(`Besöksstatistik på ${site}`);
    expect(sv.body.text).toContain('Ditt samtycke gäller i 13 månader.');
    expect(sv.body.text).toContain('Summorna raderas efter 400 dagar.');
    expect(sv.body.html).toContain('data-lagom-banner>Cookieinställningar</a>');
    expect((await privacy('?lang=en')).body).toEqual((await privacy()).body);
  });

  it('refuses another language with a 400 that names the ones it writes', async () => {
    for (const query of ['?lang=de', '?lang=SV', '?lang=', '?lang=en&lang=sv']) {
      const res = await privacy(query);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_language');
      expect(res.body.error).toContain('"lang" must be one of en, sv');
    }
  });

  it('answers 404 for a site not registered, and 401 without the owner', async () => {
    const missing = await privacy('', 'nowhere.example.com');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('site_not_found');
    const anonymous = await fetch(`${lagom.url}/api/v1/sites/${site}/privacy-text`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { code: string }).code).toBe('unauthorized');
  });
});
