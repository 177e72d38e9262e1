// `window.lagom`, the one interface between the core tracker (lagom.ts), its optional files
// (banner.ts, extras.ts) and the page. Types only: nothing here reaches the built files.
import type { WireEvent } from '../protocol/wire.js';

/**
 * Custom props: values are sent as they are (strings, numbers or booleans). `revenue:
 * {currency, amount}` is not a prop: it is a revenue goal's amount (wire fields `ra`, `rc`).
 */
export type Props = Record<string, string | number | boolean> | undefined;

/**
 * `lagom(command, …)`: `('consent', true | false)`, `('event', name, props?)`, `('pageview')`.
 * The fourth argument of `event` adds wire fields (the extras' engagement event uses it).
 */
export type Lagom = ((command: string, a?: unknown, b?: Props, more?: Partial<WireEvent>) => void) & {
  /** calls made before the tracker loaded, queued by the page's stub */
  q?: IArguments[];
  /** set by the extras: called before each pageview, to end the previous page */
  h?: () => void;
};
