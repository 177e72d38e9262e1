import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

// Debian's Chromium, never a downloaded one: the machines that run the tests have no internet.
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);

if (!hasChromium) {
  const message =
    `Chromium not found at ${chromiumPath}. Browser tests need Debian's Chromium: ` +
    `"apt-get install -y chromium" (or set CHROMIUM_PATH).`;
  if (process.env.LAGOM_REQUIRE_BROWSER === '1') throw new Error(message);
  console.warn(`\n*** SKIPPING BROWSER TESTS *** ${message}\n`);
}

/** `extraArgs`: more command-line switches, e.g. `--host-resolver-rules` to give a local server a site's name. */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // The background-networking flags keep Chromium from reaching out to the internet,
    // which this machine (and CI) refuse.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}
