// Browser, OS and device names as Plausible stores them (UAInspector's, from Matomo's
// device-detector), read from real user agents by the parse_user_agent step: a filter written
// for Plausible (`visit:os==Mac`, `visit:browser==Microsoft Edge`) finds the same visitors here.
import { describe, expect, it } from 'vitest';
import { emptyEvent, parseUserAgent } from '../../../server/ingest/enrich.js';

const WEBKIT = 'AppleWebKit/537.36 (KHTML, like Gecko)';
const IPHONE = 'iPhone; CPU iPhone OS 17_5 like Mac OS X';

async function parse(userAgent: string, width = 1280) {
  const e = emptyEvent(
    { v: 1, n: 'pageview', u: 'https://a.test/', d: 'a.test', w: width },
    { body: '', ip: '', gpc: false, now: 0, userAgent, hints: {} },
  );
  await parseUserAgent().run(e);
  return [e.browser, e.browserVersion, e.os, e.osVersion, e.device];
}

describe("Plausible's names", () => {
  it.each([
    // user agent, screen width, browser, browser version, OS, OS version, device
    [`Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15`, 1440, 'Safari', '18', 'Mac', '10.15', 'Desktop'],
    [`Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) ${WEBKIT} Chrome/130.0.0.0 Safari/537.36`, 1440, 'Chrome', '130', 'Mac', '10.15', 'Desktop'],
    [`Mozilla/5.0 (${IPHONE}) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1`, 375, 'Safari', '17', 'iOS', '17.5', 'Mobile'],
    [`Mozilla/5.0 (${IPHONE}) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1`, 375, 'Chrome', '120', 'iOS', '17.5', 'Mobile'],
    [`Mozilla/5.0 (Linux; Android 14; Pixel 8) ${WEBKIT} Chrome/131.0.0.0 Mobile Safari/537.36`, 412, 'Chrome', '131', 'Android', '14', 'Mobile'],
    ['Mozilla/5.0 (Android 14; Mobile; rv:121.0) Gecko/121.0 Firefox/121.0', 412, 'Firefox', '121', 'Android', '14', 'Mobile'],
    [`Mozilla/5.0 (Windows NT 10.0; Win64; x64) ${WEBKIT} Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0`, 1920, 'Microsoft Edge', '120', 'Windows', '10', 'Desktop'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; Trident/7.0; rv:11.0) like Gecko', 1920, 'Internet Explorer', '11', 'Windows', '10', 'Desktop'],
    [`Mozilla/5.0 (Windows NT 10.0; Win64; x64) ${WEBKIT} Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0`, 1920, 'Opera', '106', 'Windows', '10', 'Desktop'],
    [`Mozilla/5.0 (Windows NT 10.0; Win64; x64) ${WEBKIT} Chrome/120.0.0.0 YaBrowser/24.1.0.0 Safari/537.36`, 1920, 'Yandex Browser', '24', 'Windows', '10', 'Desktop'],
    [`Mozilla/5.0 (X11; Linux x86_64) ${WEBKIT} Chrome/120.0.0.0 Safari/537.36`, 1920, 'Chrome', '120', 'GNU/Linux', '', 'Desktop'],
    ['Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0', 1920, 'Firefox', '121', 'Ubuntu', '', 'Desktop'],
    [`Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) ${WEBKIT} Chrome/120.0.0.0 Safari/537.36`, 1366, 'Chrome', '120', 'Chrome OS', '14541.0', 'Desktop'],
    [`Mozilla/5.0 (Linux; Android 13; SM-S918B) ${WEBKIT} SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36`, 384, 'Samsung Browser', '23', 'Android', '13', 'Mobile'],
    [`Mozilla/5.0 (Linux; Android 10) ${WEBKIT} Version/4.0 Chrome/120.0.0.0 Mobile DuckDuckGo/5 Safari/537.36`, 412, 'DuckDuckGo Privacy Browser', '5', 'Android', '10', 'Mobile'],
    // In-app browsers and web views are apps to Plausible, with no browser version.
    [`Mozilla/5.0 (${IPHONE}) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/470.0.0.35.106;]`, 375, 'Mobile App', '', 'iOS', '17.5', 'Mobile'],
    [`Mozilla/5.0 (${IPHONE}) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 330.0.0.40.92`, 375, 'Mobile App', '', 'iOS', '17.5', 'Mobile'],
    [`Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/UQ1A; wv) ${WEBKIT} Version/4.0 Chrome/131.0.0.0 Mobile Safari/537.36`, 412, 'Mobile App', '', 'Android', '14', 'Mobile'],
    // A console is a desktop to Plausible, even in a narrow window.
    ['Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.0 Safari/605.1.15', 400, 'Safari', '13', 'PlayStation', '5', 'Desktop'],
  ])('%s (%i px)', async (ua, width, ...expected) => {
    expect(await parse(ua, width)).toEqual(expected);
  });
});
