export interface Size {
  raw: number;
  gzip: number;
  brotli: number;
}
export const TRACKER_GZIP_BUDGET: number;
export function measure(bytes: Uint8Array): Size;
export function buildTracker(outDir: URL, options?: { log?: (line: string) => void }): Promise<Size>;
