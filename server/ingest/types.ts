import type { WireEvent } from '../../protocol/wire.js';

/** Why an event was not counted; each has a metric and a test. */
export type DropReason = 'bot' | 'unknown_site' | 'gpc';

/** What the HTTP layer knows about a request; the IP stays in memory only. */
export interface RequestInfo {
  body: string;
  userAgent: string;
  /** User-Agent Client Hints (`sec-ch-ua*` headers), when the browser sent them */
  hints: Record<string, string>;
  ip: string;
  gpc: boolean;
  /** seconds since the epoch */
  now: number;
}

/** An event after validation, enriched step by step; never stored as such. */
export interface IngestEvent {
  wire: WireEvent;
  request: RequestInfo;
  hostname: string;
  path: string;
  /** the visit's first page (`e`), cleaned like `path`; empty when the event does not say */
  entryPath: string;
  /** the page this pageview follows in the visit (`xp`), cleaned like `path`; undefined when none */
  previousPath: string | undefined;
  /** the visit's other keys so far (`ks`): pages (path cleaned like `path`) and custom events */
  visitKeys: { name: string; path: string }[];
  /** the URL's query string, read for campaign parameters by enrich_source and never stored */
  search: string;
  source: string;
  referrer: string;
  utm: { source: string; medium: string; campaign: string; content: string; term: string };
  /** set by parse_user_agent: the agent is a bot, a crawler or automation */
  bot: boolean;
  browser: string;
  browserVersion: string;
  os: string;
  osVersion: string;
  device: string;
  country: string;
  region: string;
  city: string;
}

export type StepResult = { drop: DropReason } | undefined;

/** A named pipeline step: it fills in fields of the event, or drops it with a reason. */
export interface Step {
  name: string;
  /** synchronous on purpose: the whole pipeline runs in one turn of the event loop */
  run(event: IngestEvent): StepResult;
}
