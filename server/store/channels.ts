import table from './source-categories.json' with { type: 'json' };

// `visit:channel`, Plausible's acquisition channel, derived at query time from the columns every
// counter row already has (source, utm_medium, utm_campaign, utm_source): no stored column, so
// it reads old rows too and a change of the rules needs no migration. The rules and their order
// are Plausible's (its Ingestion.Acquisition); docs/stats-api.md has them as a table. Everything
// written into the SQL comes from the fixed tables here, none of it from a request.

/** Every channel the expression answers, in the order its rules are tried. */
export const CHANNELS = [
  'Cross-network', 'Paid Shopping', 'Paid Search', 'Paid Social', 'Paid Video', 'Display', 'Paid Other',
  'Organic Shopping', 'Organic Social', 'Organic Video', 'AI Assistants', 'Organic Search', 'Email',
  'Affiliates', 'Audio', 'SMS', 'Mobile Push Notifications', 'Referral', 'Direct',
] as const;
type Channel = (typeof CHANNELS)[number];

type Category = 'search' | 'social' | 'shopping' | 'video' | 'email' | 'ai';
const CATEGORIES: readonly Category[] = ['search', 'social', 'shopping', 'video', 'email', 'ai'];

/**
 * Sources as Lagom stores them that Plausible spells otherwise: the category of Plausible's name
 * for the same visit. Lagom's other names (server/ingest/sources.json), lower-cased, are already
 * keys of the table (Google, Facebook, Hacker News, Yahoo!…) or, like Plausible's "Wikipedia",
 * in no category.
 */
const LAGOM_NAMES: Readonly<Record<string, Category>> = {
  'brave search': 'search', // Plausible: "Brave"
  kagi: 'search', // Plausible's acquisition tests: Kagi is Organic Search
  'stack overflow': 'social', // GA4: stackoverflow, stackoverflow.com
  'product hunt': 'social', // Plausible: producthunt
  // UTM shorthands that Plausible's ingestion names as their network (its custom_sources.json:
  // fb-ads → Facebook) and Lagom keeps as written: their network's category, so that a paid
  // shorthand makes a Paid Social, Search or Video visit as in Plausible.
  fcb: 'social', 'fb-ads': 'social', fbads: 'social', fbad: 'social', 'facebook-ads': 'social', facebook_ads: 'social',
  facebook_ad: 'social', facebook_feed_ad: 'social', 'reddit-ads': 'social', 'twitter-ads': 'social', tiktokads: 'social',
  'tik.tok': 'social', yt: 'video', 'yt-ads': 'video', google_ads: 'search', 'google-ads': 'search', googleads: 'search',
  gads: 'search', 'google ads': 'search', adwords: 'search',
};

/**
 * UTM sources that make a visit from a search engine, social network or video site paid,
 * whatever its medium: the shorthands ending in "ad"/"ads" of Plausible's custom_sources.json,
 * and "adwords" (its Ingestion.Source.paid_source?).
 */
const PAID_SOURCES = [
  'adwords', 'facebook-ads', 'facebook_ad', 'facebook_ads', 'facebook_feed_ad', 'fb-ads', 'fbad', 'fbads', 'gads',
  'google ads', 'google-ads', 'google_ads', 'googleads', 'reddit-ads', 'tiktokads', 'twitter-ads', 'yt-ads',
];

const DISPLAY_MEDIA = ['display', 'banner', 'expandable', 'interstitial', 'cpm'];
const SOCIAL_MEDIA = ['social', 'social-network', 'social-media', 'sm', 'social network', 'social media'];
const EMAIL_TAGS = ['email', 'e-mail', 'e_mail', 'e mail', 'newsletter'];
const REFERRAL_MEDIA = ['referral', 'app', 'link'];
const PAID_MEDIUM = '^(.*cp.*|ppc|retargeting|paid.*)$';
const SHOPPING_CAMPAIGN = '^(.*(([^a-df-z]|^)shop|shopping).*)$';

/** A constant of the fixed tables above as a ClickHouse string literal. */
const lit = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const list = (items: readonly string[]) => `[${items.map(lit).join(', ')}]`;

/** The names of each source category, lower case: Plausible's table and LAGOM_NAMES. */
function sourceCategories(): Record<Category, string[]> {
  const out = Object.fromEntries(CATEGORIES.map((c) => [c, [...table[c]]])) as Record<Category, string[]>;
  for (const [name, c] of Object.entries(LAGOM_NAMES)) out[c].push(name);
  return out;
}

function build(): string {
  const byCategory = sourceCategories();
  const category = `multiIf(${CATEGORIES.map((c) => `has(${list(byCategory[c])}, lowerUTF8(source))`)
    .map((test, i) => `${test}, ${lit(CATEGORIES[i]!)}`)
    .join(', ')}, '')`;
  const paidMedium = `match(m, ${lit(PAID_MEDIUM)})`;
  const paidSource = `has(${list(PAID_SOURCES)}, u)`;
  const shopping = `(cat = 'shopping' OR match(c, ${lit(SHOPPING_CAMPAIGN)}))`;
  const rules: [string, Channel][] = [
    [`position(c, 'cross-network') > 0`, 'Cross-network'],
    [`${shopping} AND ${paidMedium}`, 'Paid Shopping'],
    [`cat = 'search' AND (${paidMedium} OR ${paidSource})`, 'Paid Search'],
    [`cat = 'social' AND (${paidMedium} OR ${paidSource})`, 'Paid Social'],
    [`cat = 'video' AND (${paidMedium} OR ${paidSource})`, 'Paid Video'],
    [`has(${list(DISPLAY_MEDIA)}, m)`, 'Display'],
    [paidMedium, 'Paid Other'],
    [shopping, 'Organic Shopping'],
    [`cat = 'social' OR has(${list(SOCIAL_MEDIA)}, m)`, 'Organic Social'],
    [`cat = 'video' OR position(m, 'video') > 0`, 'Organic Video'],
    [`cat = 'ai'`, 'AI Assistants'],
    [`cat = 'search'`, 'Organic Search'],
    [`cat = 'email' OR multiSearchAny(u, ${list(EMAIL_TAGS)}) OR multiSearchAny(m, ${list(EMAIL_TAGS)})`, 'Email'],
    [`m = 'affiliate'`, 'Affiliates'],
    [`m = 'audio'`, 'Audio'],
    [`u = 'sms' OR m = 'sms'`, 'SMS'],
    [`endsWith(m, 'push') OR multiSearchAny(m, ['mobile', 'notification']) OR s = 'firebase'`, 'Mobile Push Notifications'],
    [`has(${list(REFERRAL_MEDIA)}, m) OR s != ''`, 'Referral'],
  ];
  const channel = `multiIf(${rules.map(([test, name]) => `${test}, ${lit(name)}`).join(', ')}, 'Direct')`;
  // ClickHouse has no let: a lambda over one-element arrays names the lower-cased columns and
  // the source's category once, instead of repeating the 850-name look-up in every rule.
  const lower = ['source', 'utm_medium', 'utm_campaign', 'utm_source'].map((col) => `[lowerUTF8(${col})]`).join(', ');
  return `arrayMap((s, m, c, u, cat) -> ${channel}, ${lower}, [${category}])[1]`;
}

/** The SQL expression of a row's channel. */
export const CHANNEL_EXPR = build();
