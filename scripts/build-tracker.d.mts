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
/** The core's sizes, and every built file's (current and versioned) by name. */
export interface TrackerBuild extends BuiltFile {
  files: Record<string, BuiltFile>;
}
export const TRACKER_GZIP_BUDGET: number;
export const TRACKER_VERSION: number;
export const TRACKER_FILES: Record<string, { entry: string; budget: number }>;
export function measure(bytes: Uint8Array): Size;
export function integrity(bytes: Uint8Array): string;
export function buildTracker(
  outDir: URL,
  options?: { log?: (line: string) => void; budgets?: Record<string, number> },
): Promise<TrackerBuild>;
