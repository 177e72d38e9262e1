export const DASHBOARD_BUDGET_BYTES: number;
export const SIGN_IN_BUDGET_BYTES: number;
export const CHUNK_FILE: RegExp;
/**
 * Builds the dashboard into outDir and fails over either gzip budget; returns the gzip totals of
 * JS + CSS that a signed-in owner loads (`gzip`) and that the sign-in page loads (`signIn`), and
 * the files of each.
 */
export function buildDashboard(
  outDir: URL,
  options?: { budget?: number; signInBudget?: number; log?: (line: string) => void },
): Promise<{ gzip: number; signIn: number; files: { signIn: string[]; signedIn: string[] } }>;
