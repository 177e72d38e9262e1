import type { Logger } from 'pino';
import type { SiteAnswer } from '../../protocol/sites.js';
import type { Records, SiteRecord } from '../store/records.js';
import { LagomError, badRequest } from '../core/errors.js';
import { asciiDomain, displayDomain, siteKey } from './domains.js';
import { applySettings, readSettings, writeSettings } from './settings.js';
import { TimeZones } from './timezones.js';

/** A pageview goal, as a site's script needs it. */
export interface PageGoal {
  id: string;
  page_path: string;
}

/** What the owner may change on a site; each field is optional, absent means "keep". */
export interface SiteChanges {
  /** the domain is the site's key: accepted only when it names the same site (Plausible's clients send it) */
  domain?: string;
  timezone?: string;
  /** the request's settings fields (tracker_script_configuration, consent, privacy_policy_url, cookie_domain), checked by applySettings */
  settings?: Record<string, unknown>;
}

/**
 * The registered sites, held in memory for the ingest hot path and refreshed from the store
 * every few seconds, so sites added through another Lagom node are picked up too.
 */
export class SiteRegistry {
  private sites = new Map<string, SiteRecord>();
  /** each site's pageview goals, which its script learns (script.ts) */
  private pageGoals = new Map<string, PageGoal[]>();
  private timer: NodeJS.Timeout | undefined;
  /** Intl's zones until start() has read the engine's own list */
  timeZones = new TimeZones();

  constructor(private readonly records: Records, private readonly logger: Logger) {}

  async start(refreshMs = 10_000): Promise<void> {
    this.timeZones = new TimeZones(await this.records.listTimeZones());
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch((err: unknown) => this.logger.warn({ err }, 'site refresh failed')), refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async refresh(): Promise<void> {
    const [list, goals] = await Promise.all([this.records.listSites(), this.records.listPageGoals()]);
    this.sites = new Map(list.map((s) => [s.domain, s]));
    const pageGoals = new Map<string, PageGoal[]>();
    for (const g of goals) pageGoals.set(g.site, [...(pageGoals.get(g.site) ?? []), { id: g.id, page_path: g.page_path }]);
    this.pageGoals = pageGoals;
  }

  /** A site's pageview goals, as last read from the store (goals-routes.ts refreshes on a change). */
  pageGoalsOf(domain: string): readonly PageGoal[] {
    return this.pageGoals.get(domain) ?? [];
  }

  /** Exact stored key only: the ingest pipeline has normalised it already (siteKey). */
  has(domain: string): boolean {
    return this.sites.has(domain);
  }

  all(): SiteRecord[] {
    return [...this.sites.values()].sort((a, b) => a.domain.localeCompare(b.domain));
  }

  /** By either form of the name: "räksmörgås.se" finds "xn--rksmrgs-5wao1o.se". */
  get(domain: string): SiteRecord | undefined {
    return this.sites.get(siteKey(domain));
  }

  /** The site a request names (either form, as get), or the API's 404 `site_not_found`. */
  require(domain: string | undefined): SiteRecord {
    const site = this.get(domain ?? '');
    if (!site) throw siteNotFound(domain);
    return site;
  }

  /** Deletes the site and every counter it has. */
  async remove(site: SiteRecord): Promise<void> {
    this.sites.delete(site.domain);
    await this.records.deleteSite(site);
  }

  /**
   * Registers a new site; one that exists is refused, never overwritten. The store is asked,
   * not only this node's cache, so a site just added through another node counts too.
   */
  async create(input: { domain: string; timezone?: string; settings?: Record<string, unknown> }): Promise<SiteRecord> {
    const domain = checkDomain(input.domain);
    const timezone = input.timezone === undefined ? 'Etc/UTC' : checkTimezone(input.timezone, this.timeZones);
    const settings = writeSettings(applySettings(readSettings(undefined), input.settings ?? {}, { domain }));
    if (this.sites.has(domain) || (await this.records.getSite(domain))) {
      throw badRequest('site_exists', `The site "${displayDomain(domain)}" already exists; change its settings instead of adding it again`);
    }
    const site = { domain, timezone, settings };
    await this.records.putSite(site);
    this.sites.set(domain, site);
    return site;
  }

  /** Changes a registered site; fields left out keep their value. */
  async update(domain: string, changes: SiteChanges): Promise<SiteRecord> {
    const current = this.get(domain) ?? (await this.records.getSite(siteKey(domain)));
    if (!current) throw siteNotFound(domain);
    if (changes.domain !== undefined && checkDomain(changes.domain) !== current.domain) {
      // Its counters are keyed by the domain; a new domain is a new site.
      throw badRequest('domain_change_unsupported', `"domain" cannot be changed; add ${changes.domain} as a site of its own`);
    }
    const site = {
      ...current,
      ...(changes.timezone !== undefined && { timezone: checkTimezone(changes.timezone, this.timeZones) }),
      ...(changes.settings && { settings: writeSettings(applySettings(readSettings(current.settings), changes.settings, current)) }),
    };
    await this.records.putSite(site);
    this.sites.set(site.domain, site);
    return site;
  }
}

export const siteNotFound = (domain: string | undefined) => new LagomError(404, 'site_not_found', `Site "${domain}" not found`);

/** A site as the Sites API answers it: the stored (ASCII) name and the one to show. */
export function siteView(site: SiteRecord): SiteAnswer {
  return { domain: site.domain, display_domain: displayDomain(site.domain), timezone: site.timezone };
}

/** An owner's domain → the stored form: lower case, no "www.", IDN labels in punycode. */
export function checkDomain(value: string): string {
  const domain = asciiDomain(value.trim().toLowerCase().replace(/^www\./, ''));
  if (!/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(domain)) {
    throw badRequest('invalid_domain', `"domain" must be a host name like example.com or räksmörgås.se, got "${value}"`);
  }
  return domain;
}

/** A time zone the store knows → its canonical spelling ("europe/stockholm" → "Europe/Stockholm"). */
export function checkTimezone(value: string, zones: TimeZones): string {
  const answer = zones.check(value);
  if ('error' in answer) throw badRequest('invalid_timezone', answer.error);
  return answer.zone;
}
