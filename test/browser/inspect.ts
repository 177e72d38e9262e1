// What every view's browser test can ask of a page: axe-core's accessibility rules run in the page
// itself (WCAG 2.2 A and AA, and axe's best practices), and screenshots for a person to look at,
// written under test-output/screens/ (not committed).
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** One line per violation and element: rule, impact, what it asks, and where. */
export function describeViolations(violations: AxeViolation[]): string[] {
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`));
}

/**
 * axe-core's violations on the page as it is now; `include` narrows the check to a part of it
 * (an open dialog). The script is evaluated by Playwright, outside the page's CSP (a script tag
 * would be refused by it, as it should be).
 */
export async function axeViolations(page: Page, include?: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async (context) => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(context ? { include: [context] } : document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations;
  }, include ?? null);
  return describeViolations(violations as AxeViolation[]);
}

/** Fails the test with every violation listed. */
export async function expectAccessible(page: Page, include?: string): Promise<void> {
  expect(await axeViolations(page, include)).toEqual([]);
}

/** A full-page screenshot, without a hover effect or a blinking caret in it. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir('test-output/screens', { recursive: true });
  await page.mouse.move(0, 0);
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({ path: `test-output/screens/${name}-${width}.png`, fullPage: true, caret: 'hide', animations: 'disabled' });
}
