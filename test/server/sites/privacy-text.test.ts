// The privacy text follows the site's settings and the server's retention: each feature adds its
// line and only then, the banner's refusal note and link appear only in banner mode, the numbers
// are the configured ones, both languages say the same things, and the HTML escapes what it inserts.
import { describe, expect, it } from 'vitest';
import { TRACKER_FLAGS, type TrackerFlag } from '../../../protocol/tracker.js';
import { privacyText, type PrivacyLang, type PrivacyTextOptions } from '../../../server/sites/privacy-text.js';
import { applySettings, DEFAULT_SETTINGS } from '../../../server/sites/settings.js';

const base: PrivacyTextOptions = {
  domain: 'example.com',
  settings: DEFAULT_SETTINGS,
  retention: { hourlyDays: 90 },
  origin: 'https://stats.example.com',
  lang: 'en',
};
const make = (changes: Record<string, unknown> = {}, more: Partial<PrivacyTextOptions> = {}) =>
  privacyText({ ...base, settings: applySettings(DEFAULT_SETTINGS, changes), ...more });
const withFeatures = (...flags: TrackerFlag[]) => ({ tracker_script_configuration: Object.fromEntries(flags.map((f) => [f, true])) });

/** A line each feature adds, in each language. */
const FEATURE_LINES: Record<TrackerFlag, Record<PrivacyLang, string>> = {
  engagement: { en: 'how far down it you scrolled', sv: 'hur långt ner på den du skrollade' },
  outbound_links: { en: 'clicks on links to other websites', sv: 'klick på länkar till andra webbplatser' },
  file_downloads: { en: 'file downloads', sv: 'nedladdade filer' },
  tagged_events: { en: 'buttons and links that we have marked', sv: 'knappar och länkar som vi har märkt ut' },
  form_submissions: { en: 'that a form was sent', sv: 'att ett formulär skickades' },
  track_404_pages: { en: 'pages that were not found', sv: 'sidor som inte hittades' },
  revenue_tracking: { en: 'amount and currency of purchases', sv: 'belopp och valuta för köp' },
  pageview_props: { en: 'details of the page that we add ourselves', sv: 'uppgifter om sidan som vi själva lägger till' },
};

describe('privacyText', () => {
  it('says, for a new site (the banner, no features), what is stored, sent, kept and for how long', () => {
    const { text, html } = make();
    for (const part of [
      'Visitor statistics on example.com',
      'The statistics are totals',
      'lagom: when your consent ends',
      'lagom_s: the state of your visit',
      'lagom_r: when your refusal ends',
      'without the part after “?”',
      'the width of your screen',
      'your IP address: it is used for a moment to find your country and is never stored',
      'cookies: the statistics use none',
      'an identifier',
      'a fingerprint',
      'major version',
      'Your consent lasts 13 months',
      'If you decline, we do not ask again for 182 days.',
      'Our statistics keep hourly detail for 90 days, then only daily totals. We keep the totals until we delete them.',
      'on our own Lagom server at https://stats.example.com. No third party receives them',
      'with the link “Cookie settings”',
    ]) {
      expect(text).toContain(part);
    }
    expect(html).toContain('<a href="#" data-lagom-banner>Cookie settings</a>');
    expect(html).toContain('<li><code>lagom_r</code>: when your refusal ends');
    for (const lines of Object.values(FEATURE_LINES)) expect(text).not.toContain(lines.en);
    expect(text).not.toContain('region and city');
  });

  for (const lang of ['en', 'sv'] as const) {
    it.each(TRACKER_FLAGS)(`lists %s in ${lang} only when the site's script holds it`, (flag) => {
      const on = make(withFeatures(flag), { lang });
      expect(on.text).toContain(FEATURE_LINES[flag][lang]);
      expect(on.html).toContain(FEATURE_LINES[flag][lang]);
      for (const other of TRACKER_FLAGS.filter((f) => f !== flag)) expect(on.text).not.toContain(FEATURE_LINES[other][lang]);
      expect(make({}, { lang }).text).not.toContain(FEATURE_LINES[flag][lang]);
    });
  }

  it("does not tell of hash routing, which sends nothing more (a setting, not a feature)", () => {
    expect(make({ tracker_script_configuration: { hash_based_routing: true } }).text).toBe(make().text);
  });

  it.each(['manual', 'tcf', 'google', 'cookieconsent', 'klaro'] as const)(
    'with consent mode %s, points to the site\'s own consent tool: no refusal note, no banner link',
    (mode) => {
      for (const lang of ['en', 'sv'] as const) {
        const { text, html } = make({ consent: { mode } }, { lang });
        expect(text).not.toContain('lagom_r');
        expect(html).not.toContain('data-lagom-banner');
        expect(text).toContain(lang === 'en' ? 'in our cookie settings (our consent tool)' : 'i våra cookieinställningar (vårt verktyg för samtycke)');
        expect(text).toContain('lagom_s');
        expect(text).not.toContain(lang === 'en' ? 'If you decline' : 'Om du avböjer');
      }
    },
  );

  it('states the configured refusal days, retention and location', () => {
    const en = make({ consent: { refusal_days: 30 } }, { retention: { hourlyDays: 1, retentionDays: 1000 }, location: 'city' }).text;
    expect(en).toContain('If you decline, we do not ask again for 30 days.');
    expect(en).toContain('hourly detail for 1 day, then only daily totals. The totals are deleted after 1,000 days.');
    expect(en).toContain('works out your country, region and city from your IP address');
    const sv = make({ consent: { refusal_days: 1 } }, { lang: 'sv', retention: { hourlyDays: 90, retentionDays: 1000 } }).text;
    expect(sv).toContain('Om du avböjer frågar vi inte igen förrän efter 1 dag.');
    expect(sv).toContain('uppgifter per timme i 90 dagar, sedan bara summor per dag. Summorna raderas efter 1\u00a0000 dagar.');
    expect(sv).toContain('tar vår server fram ditt land ur din IP-adress');
  });

  it('writes Swedish for lang=sv, with the same blocks as English', () => {
    const sv = make(withFeatures(...TRACKER_FLAGS), { lang: 'sv' });
    const en = make(withFeatures(...TRACKER_FLAGS));
    for (const part of [
      'Besöksstatistik på example.com',
      'lagom: när ditt samtycke upphör',
      'lagom_r: när ditt nej slutar gälla',
      'Ditt samtycke gäller i 13 månader. Sedan frågar vi igen.',
      'Om du avböjer frågar vi inte igen förrän efter 182 dagar.',
      'Summorna sparar vi tills vi raderar dem.',
      'på vår egen Lagom-server på https://stats.example.com',
      'via länken ”Cookieinställningar”',
      'kakor (cookies): statistiken använder inga',
    ]) {
      expect(sv.text).toContain(part);
    }
    expect(sv.html).toContain('<a href="#" data-lagom-banner>Cookieinställningar</a>');
    const shape = (html: string) => html.match(/<(h2|h3|p|li)>/g);
    expect(shape(sv.html)).toEqual(shape(en.html));
    expect(sv.text.split('\n').length).toBe(en.text.split('\n').length);
  });

  it('escapes everything the HTML inserts; the text has no markup', () => {
    const { text, html } = make({}, { domain: 'a<b>&"c\'.example', origin: 'https://x.example/?q=<script>' });
    expect(html).toContain('a&lt;b&gt;&amp;&quot;c&#39;.example');
    expect(html).toContain('https://x.example/?q=&lt;script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    // Every tag of the HTML is one the renderer writes.
    expect(new Set(html.match(/<\/?[a-z0-9]+/g))).toEqual(new Set(['<h2', '</h2', '<h3', '</h3', '<p', '</p', '<ul', '</ul', '<li', '</li', '<code', '</code', '<a', '</a']));
    // The text is plain: the names as they are, and no markup of its own.
    expect(text).toContain('a<b>&"c\'.example');
    expect(make(withFeatures(...TRACKER_FLAGS)).text).not.toMatch(/[<>&]/);
  });

  it('gives the text one list line per HTML list item', () => {
    const { text, html } = make(withFeatures('outbound_links', 'engagement'));
    expect(text.match(/^- /gm)!.length).toBe(html.match(/<li>/g)!.length);
  });
});
