// The privacy text in English (privacy-text.ts picks the facts). privacy-text-sv.ts says the
// same, block for block: a change here is a change there.
import type { TrackerFlag } from '../../protocol/tracker.js';
import type { Block, Inline, PrivacyFacts } from './privacy-text.js';

const days = (n: number) => `${new Intl.NumberFormat('en-GB').format(n)} ${n === 1 ? 'day' : 'days'}`;

/** What each feature of the site's script adds to what is sent, in TRACKER_FLAGS order. */
const FEATURES: Record<TrackerFlag, string> = {
  engagement: 'how long the page was open and in view, and how far down it you scrolled',
  outbound_links: "clicks on links to other websites, with the link's address without its query string",
  file_downloads: "file downloads, with the file's address without its query string",
  tagged_events: 'clicks on buttons and links that we have marked, with the name we gave them',
  form_submissions: 'that a form was sent (never what was written in it)',
  track_404_pages: 'the address of pages that were not found',
  revenue_tracking: 'the amount and currency of purchases that we count',
  pageview_props: 'details of the page that we add ourselves, such as its author or category',
};

const code = (key: string): Inline => ({ code: key });

export function englishText(f: PrivacyFacts): Block[] {
  const located = f.location === 'city' ? 'your country, region and city' : 'your country';
  return [
    { h: `Visitor statistics on ${f.domain}`, level: 2 },
    {
      p: [
        `We count visits to ${f.domain} to see how the site is used as a whole: how many people visit it, which pages they read and where they come from. ` +
          'For this we use Lagom, a statistics tool that we run on our own server. ' +
          'The statistics are totals: they cannot show who you are, and we do not use them for advertising.',
      ],
    },
    {
      p: [
        f.banner
          ? 'We count your visit only if you agree. We ask in a box at the bottom of the page.'
          : 'We count your visit only if you agree to it in our cookie consent tool.',
      ],
    },
    { p: ['If your browser sends Global Privacy Control, we take it as a no: nothing is counted or stored, and we do not ask.'] },

    { h: 'What your browser sends', level: 3 },
    { p: ['Once you have agreed, your browser sends this with each page view:'] },
    {
      ul: [
        ['the address of the page, without the part after “?” (the query string)'],
        ['the address of the page that linked here (the referrer)'],
        ['the campaign parameters of the link you came by (utm_source, utm_medium, utm_campaign, utm_term, utm_content, ref, source)'],
        ['the width of your screen'],
        [
          'markers that let us count without knowing who you are: whether this is your first page view today, ' +
            'the first view of this page today or the start of a new visit, and the time since your previous page view',
        ],
        ...f.features.map((flag) => [FEATURES[flag]]),
        ['events that we choose to count, such as a completed sign-up, with their name and the details we give them'],
      ],
    },
    {
      p: [
        `From what it receives, our server works out ${located} from your IP address, and from your browser's user agent the name and major version of your browser, ` +
          'the name and version of your operating system and the kind of device (computer, phone or tablet). The IP address and the user agent are not stored: they are discarded at once.',
      ],
    },

    { h: 'What we never collect', level: 3 },
    {
      ul: [
        ['your IP address: it is used for a moment to find your country and is never stored'],
        ...(f.cookieDomain ? [] : [['cookies: the statistics use none']]),
        ['an identifier: nothing that recognises you or your browser again, not even as a hash'],
        ['a fingerprint: we do not combine features of your browser to tell it apart; of your browser we keep only its name and major version'],
        ['what you type, and the query strings of addresses'],
      ],
    },

    { h: 'What is kept in your browser', level: 3 },
    {
      p: [
        (f.cookieDomain
          ? `The statistics keep ${f.banner ? 'a few small notes' : 'two small notes'} in first-party cookies on ${f.cookieDomain} (shared by its subdomains, so that a visit across them counts once)`
          : `The statistics keep ${f.banner ? 'a few small notes' : 'two small notes'} in your browser's local storage (localStorage) for this site`) +
          (f.banner ? '. The first two are kept only once you have agreed, the third only if you have declined:' : ', only once you have agreed:'),
      ],
    },
    {
      ul: [
        [code('lagom'), ': when your consent ends'],
        [
          code('lagom_s'),
          ': the state of your visit: the pages and events already counted today, the time of your last page view or event, ' +
            'and the entry page, referrer and campaign of your visit. It holds no identifier.',
        ],
        ...(f.banner ? [[code('lagom_r'), ': when your refusal ends, so that we do not ask on every page. It is kept only if you decline, and holds nothing else.']] : []),
      ],
    },
    {
      p: [
        f.cookieDomain
          ? `Your browser sends these cookies with every request to ${f.cookieDomain} and its subdomains, so our web servers receive them; they hold no identifier, only the times and pages above. ` +
            'They are never sent to the statistics server, and other websites cannot read them. The state of your visit expires a day and a half after your last page view.'
          : 'They are not cookies, and other websites cannot read them.',
      ],
    },

    { h: 'How long', level: 3 },
    {
      ul: [
        ['Your consent lasts 13 months. Then we ask again.'],
        ...(f.banner ? [[`If you decline, we do not ask again for ${days(f.refusalDays)}.`]] : []),
        [
          `Our statistics keep hourly detail for ${days(f.hourlyDays)}, then only daily totals. ` +
            (f.retentionDays === undefined ? 'We keep the totals until we delete them.' : `The totals are deleted after ${days(f.retentionDays)}.`),
        ],
      ],
    },

    { h: 'Where the data is kept', level: 3 },
    { p: [`The statistics are kept on our own Lagom server at ${f.origin}. No third party receives them: we neither share nor sell them.`] },

    { h: 'How to withdraw your consent', level: 3 },
    {
      p: f.banner
        ? [
            'You can change your answer at any time with the link ',
            { link: 'Cookie settings' },
            '. If you withdraw your consent, counting stops at once, and the notes ',
            code('lagom'),
            ' and ',
            code('lagom_s'),
            ' are removed from your browser; only the note of your refusal stays. You can also clear the data of this site in your browser.',
          ]
        : [
            'You can change your answer at any time in our cookie settings (our consent tool). If you withdraw your consent, counting stops at once, and the notes ',
            code('lagom'),
            ' and ',
            code('lagom_s'),
            ' are removed from your browser. You can also clear the data of this site in your browser.',
          ],
    },
    {
      p: [
        'As the statistics hold nothing that points to you, we cannot find or delete the counts of a single visitor. The notes in your browser you can remove yourself.',
      ],
    },
  ];
}
