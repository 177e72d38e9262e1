import { ENGAGEMENT, PAGEVIEW } from '../../protocol/wire.js';
import type { CounterBatch } from '../store/counters.js';
import { ZERO_METRICS, type CounterRow } from '../store/schema.js';
import type { IngestEvent } from './types.js';

/**
 * Turns one enriched event into counter rows: its own row, a copy per custom prop (so props
 * can be filtered and broken down without a column per key), and the exit moved away from the
 * previous page. Nothing here can identify a person: only categories and numbers.
 */
export function toRows(e: IngestEvent): CounterBatch {
  const w = e.wire;
  const hour = Math.floor(e.request.now / 3600) * 3600;
  const isPageview = w.n === PAGEVIEW;
  const isEngagement = w.n === ENGAGEMENT;
  /** the visit's second pageview: every key booked as a bounce so far is not one any more */
  const unbounce = isPageview && w.b === -1 ? -1 : 0;
  const base: CounterRow = {
    site: w.d,
    hour,
    name: w.n,
    path: e.path,
    hostname: e.hostname,
    entry_path: e.entryPath,
    source: e.source,
    referrer: e.referrer,
    utm_source: e.utm.source,
    utm_medium: e.utm.medium,
    utm_campaign: e.utm.campaign,
    utm_content: e.utm.content,
    utm_term: e.utm.term,
    country: e.country,
    region: e.region,
    city: e.city,
    browser: e.browser,
    browser_version: e.browserVersion,
    os: e.os,
    os_version: e.osVersion,
    device: e.device,
    prop_key: '',
    prop_value: '',
    currency: '',
    goal: '',
    ...ZERO_METRICS,
  };
  const own: CounterRow = {
    ...base,
    events: isEngagement ? 0 : 1,
    pageviews: isPageview ? 1 : 0,
    visitors: w.fv ? 1 : 0,
    page_visitors: !isEngagement && w.fp ? 1 : 0,
    goal_visitors: !isPageview && !isEngagement && w.fg ? 1 : 0,
    visits: isPageview && w.fs ? 1 : 0,
    bounces: isPageview ? (w.b ?? 0) : 0,
    exits: isPageview ? 1 : 0,
    duration_ms: w.dd ?? 0,
    engaged_ms: w.t ?? 0,
    scroll_sum: w.s ?? 0,
    scroll_n: w.s === undefined ? 0 : 1,
    key_visits: w.fi ? 1 : 0,
    key_bounces: w.fi ? (w.kb ? 1 : 0) : unbounce,
    key_duration_ms: w.fi ? (w.ds ?? 0) : (w.dd ?? 0),
    ...(w.ra !== undefined && !isPageview && !isEngagement ? { currency: w.rc!, revenue_milli: Math.round(w.ra * 1000), revenue_n: 1 } : {}),
  };
  const counters = [own];
  // The visit's other keys take this event's duration and un-bounce: each key's visits then
  // add up to the whole visit, however late the key came in it.
  for (const k of e.visitKeys) {
    if (!w.dd && !unbounce) continue;
    counters.push({ ...base, name: k.name, path: k.path, key_duration_ms: w.dd ?? 0, key_bounces: unbounce });
  }
  for (const [key, value] of Object.entries(w.p ?? {})) counters.push({ ...own, prop_key: key, prop_value: value });
  // A pageview goal's correction goes with the pageview's row and each of its prop copies, so a
  // goal's visitors are right under a prop breakdown too.
  if (isPageview) {
    for (const [goal, fix] of Object.entries(w.gv ?? {})) {
      counters.push({ ...base, goal, goal_fix: fix });
      for (const [key, value] of Object.entries(w.p ?? {})) counters.push({ ...base, prop_key: key, prop_value: value, goal, goal_fix: fix });
    }
  }
  // Always written, also for a reload of the same page, so each visit keeps exactly one exit.
  if (isPageview && e.previousPath !== undefined) {
    // The time since the visit's previous event is the time spent on that page (when no custom
    // or engagement event came in between): its gap.
    counters.push({ ...base, path: e.previousPath, exits: -1, gap_ms: w.dd ?? 0, gap_n: w.dd === undefined ? 0 : 1 });
  }
  const recent = w.fm ? [{ site: w.d, minute: Math.floor(e.request.now / 60) * 60, slot_visitors: 1 }] : [];
  return { counters, recent };
}
