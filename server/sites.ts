import type { Logger } from 'pino';
import type { Records, SiteRecord } from './store/records.js';
import { badRequest } from './errors.js';

/**
 * The registered sites, held in memory for the ingest hot path and refreshed from the store
 * every few seconds, so sites added through another Lagom node are picked up too.
 */
export class SiteRegistry {
  private sites = new Map<string, SiteRecord>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly records: Records, private readonly logger: Logger) {}

  async start(refreshMs = 10_000): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch((err: unknown) => this.logger.warn({ err }, 'site refresh failed')), refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async refresh(): Promise<void> {
    const list = await this.records.listSites();
    this.sites = new Map(list.map((s) => [s.domain, s]));
  }

  has(domain: string): boolean {
    return this.sites.has(domain);
  }

  all(): SiteRecord[] {
    return [...this.sites.values()].sort((a, b) => a.domain.localeCompare(b.domain));
  }

  get(domain: string): SiteRecord | undefined {
    return this.sites.get(domain);
  }

  /** Deletes the site and every counter it has. */
  async remove(site: SiteRecord): Promise<void> {
    this.sites.delete(site.domain);
    await this.records.deleteSite(site);
  }

  async add(site: SiteRecord): Promise<void> {
    await this.records.putSite(site);
    this.sites.set(site.domain, site);
  }
}

export function checkDomain(value: string): string {
  const domain = value.trim().toLowerCase().replace(/^www\./, '');
  if (!/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(domain)) {
    throw badRequest('invalid_domain', `"domain" must be a host name like example.com, got "${value}"`);
  }
  return domain;
}

export function checkTimezone(value: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value;
  } catch {
    throw badRequest('invalid_timezone', `"timezone" must be an IANA time zone like Europe/Stockholm, got "${value}"`);
  }
}
