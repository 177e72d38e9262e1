import type { CounterBatch } from '../store/counters.js';
import { decodeEvent } from './decode.js';
import { dropBots, emptyEvent, enrichSource, enrichUrl, parseUserAgent, refuseGpc } from './enrich.js';
import { toRows } from './rows.js';
import { geolocate, type Geo } from './geo.js';
import type { DropReason, RequestInfo, Step } from './types.js';
import { siteKey } from '../sites/domains.js';

export interface SiteLookup {
  has(domain: string): boolean;
}

export type IngestResult = { ok: true; batch: CounterBatch } | { ok: false; reason: DropReason };

/** The named steps, in order; each enriches the event or drops it with a reason. */
export function createPipeline(options: { sites: SiteLookup; geo: Geo }) {
  const knownSite: Step = {
    name: 'known_site',
    run: (e) => {
      // data-site is sent as the owner wrote it, possibly "räksmörgås.se"; sites are stored
      // under the punycode name, so the rows get that too.
      e.wire.d = siteKey(e.wire.d);
      return options.sites.has(e.wire.d) ? undefined : { drop: 'unknown_site' };
    },
  };
  // Parsing comes before the bot check: the verdict is cached with the parsed agent.
  const steps: Step[] = [refuseGpc, knownSite, parseUserAgent(), dropBots, geolocate(options.geo), enrichUrl, enrichSource];

  return {
    steps: steps.map((s) => s.name),
    /** Throws a 400 LagomError for a malformed body; returns rows or a drop reason. */
    process(request: RequestInfo): IngestResult {
      const event = emptyEvent(decodeEvent(request.body), request);
      for (const step of steps) {
        const result = step.run(event);
        if (result) return { ok: false, reason: result.drop };
      }
      return { ok: true, batch: toRows(event) };
    },
  };
}

export type Pipeline = ReturnType<typeof createPipeline>;
