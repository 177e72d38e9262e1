import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
const flags = ['engagement', 'outbound_links', 'file_downloads', 'tagged_events', 'form_submissions', 'track_404_pages', 'revenue_tracking', 'pageview_props'];
const g = (m) => gzipSync(readFileSync(`dist/public/site/${m}.js`).toString().replace('__LAGOM_SITE__', JSON.stringify({ site: 'example.com', consent: 'banner', policyUrl: 'https://example.com/privacy' })), { level: 9 }).length;
console.log('none', g(0));
flags.forEach((f, i) => console.log(f, g(1 << i) - g(0), 'without', g(255) - g(255 & ~(1 << i))));
console.log('all', g(255));
