// `window.lagom`, the one interface between the core tracker (lagom.ts), its optional files
// (consent/*.ts, extras.ts) and the page, and the constants the build defines
// (scripts/build-tracker.mjs). Types only: nothing here reaches the built files.
import type { WireEvent } from '../../protocol/wire.js';
import type { BuildFlag, SiteScriptData } from '../../protocol/tracker.js';

/**
 * Custom props: values are sent as they are (strings, numbers or booleans). `revenue:
 * {currency, amount}` is not a prop: it is a revenue goal's amount (wire fields `ra`, `rc`).
 */
export type Props = Record<string, string | number | boolean> | undefined;

/** The embed's `data-*` attributes, over the site's settings in a site's own script. */
export type Data = DOMStringMap & Partial<Omit<SiteScriptData, 'goals'>>;

/**
 * `lagom(command, …)`: `('consent', true | false)`, `('event', name, props?)`, `('pageview')`,
 * `('banner')`, and in a script with 404 tracking `('404')`. The fourth argument of `event`
 * adds wire fields (the engagement event uses it).
 */
export type Lagom = ((command: string, a?: unknown, b?: Props, more?: Partial<WireEvent>) => void) & {
  /** calls made before the tracker loaded, queued by the page's stub */
  q?: IArguments[];
  /** set by engagement: called before each pageview, to end the previous page */
  h?: () => void;
  /** set by the banner: opens it (`lagom('banner')`) */
  b?: () => void;
  /** the script's data (the embed's attributes over the site's settings), for the optional files */
  d: Data;
  /**
   * a script built with cookie_domain: the core's cookie jar, `k(name)` reads a cookie on the
   * cookie domain, `k(name, value, max-age in s)` writes it ('' and 0 delete it); absent where
   * the tracker keeps localStorage
   */
  k?: (name: string, value?: string | number, maxAge?: number) => unknown;
};

declare global {
  /** the features built into this script (each folds to true or false in the build) */
  const LAGOM_FEATURES: Record<BuildFlag, boolean>;
  /** true in a site's own script (/js/<domain>.js), false in the generic /lagom.js */
  const LAGOM_PER_SITE: boolean;
  /** a site's own script: its settings, written in by the server where the build left a marker */
  const LAGOM_SITE: SiteScriptData;
  /** "" in the current files, ".vN" in the versioned ones: the optional files they load */
  const LAGOM_SUFFIX: string;
}
