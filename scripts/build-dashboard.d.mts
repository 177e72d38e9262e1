export const DASHBOARD_BUDGET_BYTES: number;
/** Builds the dashboard into outDir and fails over the gzip budget; returns the gzip total of JS + CSS. */
export function buildDashboard(outDir: URL, options?: { budget?: number; log?: (line: string) => void }): Promise<{ gzip: number }>;
