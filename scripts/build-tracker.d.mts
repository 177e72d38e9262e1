export interface Size {
  raw: number;
  gzip: number;
  brotli: number;
}
export interface BuiltFile extends Size {
  /** the gzip budget the build enforces */
  budget: number;
  /** the value of a script's `integrity` attribute for this file */
  integrity: string;
}
/** The core's sizes, every generic file's (current and versioned) by name, and every site script's by mask. */
export interface TrackerBuild extends BuiltFile {
  files: Record<string, BuiltFile>;
  site: Record<number, Size>;
}
export const TRACKER_GZIP_BUDGET: number;
export const CONSENT_GZIP_BUDGET: number;
export const SITE_ALL_GZIP_BUDGET: number;
export const SITE_MARKER: string;
export const SAMPLE_SITE: Record<string, string>;
export const TRACKER_VERSION: number;
export const TRACKER_FLAGS: string[];
export const FEATURE_FLAGS: string[];
export const DEFAULT_FLAGS: string[];
export const TRACKER_FILES: Record<string, { entry: string; budget: number; features: string[] }>;
export function measure(bytes: Uint8Array): Size;
export function integrity(bytes: Uint8Array): string;
export function flagMask(list: string[]): number;
export function withSite(code: Uint8Array | string, site: object): Buffer;
export function buildTracker(
  outDir: URL,
  options?: { log?: (line: string) => void; budgets?: Record<string, number> },
): Promise<TrackerBuild>;
