// Realistic, varied tracker traffic: Zipf-distributed paths and sources, a spread of browsers
// (with and without client hints), flags as the tracker sets them.

export function seeded(seed: number): () => number {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

/** index in [0, n) with probability ∝ 1/(i+1)^s */
export function zipf(n: number, s: number, r: () => number): () => number {
  const weights = Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s);
  const total = weights.reduce((a, b) => a + b, 0);
  const cdf: number[] = [];
  let acc = 0;
  for (const w of weights) cdf.push((acc += w / total));
  return () => {
    const x = r();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
];
const HINTS = { 'sec-ch-ua': '"Chromium";v="131", "Google Chrome";v="131", "Not_A Brand";v="24"', 'sec-ch-ua-mobile': '?0', 'sec-ch-ua-platform': '"Windows"' };
const REFERRERS = ['', '', 'https://www.google.com/', 'https://duckduckgo.com/', 'https://news.ycombinator.com/item', 'https://www.reddit.com/r/webdev/', 'https://t.co/abc', 'https://blog.example.org/post', 'https://www.bing.com/search'];
const WIDTHS = [1920, 1440, 1366, 390, 412, 768, 2560];

export interface BenchRequest {
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: string;
}

export function ingestRequests(site: string, count: number, seed = 42): BenchRequest[] {
  const r = seeded(seed);
  const page = zipf(500, 1.1, r);
  const ref = zipf(REFERRERS.length, 1, r);
  return Array.from({ length: count }, () => {
    const ua = AGENTS[Math.floor(r() * AGENTS.length)]!;
    const start = r() < 0.3;
    const custom = r() < 0.1;
    const event = {
      v: 1,
      n: custom ? 'Signup' : 'pageview',
      u: `https://${site}/docs/${page()}${r() < 0.2 ? '?utm_source=newsletter&utm_medium=email' : ''}`,
      d: site,
      w: WIDTHS[Math.floor(r() * WIDTHS.length)],
      ...(custom ? { p: { plan: r() < 0.5 ? 'pro' : 'free' }, fg: 1 } : { fp: r() < 0.6 ? 1 : undefined }),
      ...(start ? { fv: 1, fs: 1, b: 1, fm: 1 } : { dd: Math.floor(r() * 60_000), xp: `/docs/${page()}` }),
      // Tracker version 2's visit keys: a visit's earlier pages (1–4), a new key half the time.
      ...(start ? { fi: 1, ds: 0, kb: 1 } : { ks: Array.from({ length: 1 + Math.floor(r() * 4) }, () => `/docs/${page()}`), ...(r() < 0.5 ? { fi: 1, ds: Math.floor(r() * 300_000) } : {}) }),
      r: REFERRERS[ref()] || undefined,
      e: `/docs/${page()}`,
    };
    const headers: Record<string, string> = { 'content-type': 'text/plain', 'user-agent': ua };
    if (ua.includes('Chrome/131') && !ua.includes('Mobile')) Object.assign(headers, HINTS);
    return { method: 'POST', path: '/api/event', headers, body: JSON.stringify(event) };
  });
}
