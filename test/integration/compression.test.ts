// Compression on the wire: the bytes a client receives, read with node:http (fetch would
// decompress them out of sight). Static files go out in the precompressed form the client
// accepts, each form with its own ETag; JSON answers of 1 KB or more are compressed per request.
import { request, type IncomingHttpHeaders } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRACKER_VERSION } from '../../scripts/build-tracker.mjs';
import { startLagom, type TestLagom } from '../helpers/lagom.js';

interface Wire {
  status: number;
  headers: IncomingHttpHeaders;
  /** the body as sent, still encoded */
  body: Buffer;
}

let lagom: TestLagom;
const SITES = 40;

beforeAll(async () => {
  lagom = await startLagom();
  for (let i = 0; i < SITES; i++) await lagom.addSite(`site-${String(i).padStart(2, '0')}.example.com`);
});
afterAll(() => lagom.stop());

function send(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Wire> {
  return new Promise((resolve, reject) => {
    const req = request(`${lagom.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const DECODE: Record<string, (b: Buffer) => Buffer> = {
  br: brotliDecompressSync,
  gzip: gunzipSync,
  identity: (b) => b,
};

/** The body as the client's decoder would see it, by the answer's Content-Encoding. */
const decoded = (wire: Wire) => DECODE[wire.headers['content-encoding'] ?? 'identity']!(wire.body);

const built = (name: string) => readFileSync(fileURLToPath(new URL(`../../dist/public/${name}`, import.meta.url)));

describe('static files', () => {
  it.each([
    { file: 'app.js', ratio: 0.4 },
    { file: 'app.css', ratio: 0.3 },
    { file: 'lagom.js', ratio: 0.6 },
    { file: `lagom.v${TRACKER_VERSION}.js`, ratio: 0.6 },
    { file: 'lagom-banner.js', ratio: 0.6 },
  ])('$file goes out precompressed by Accept-Encoding, with an ETag per encoding', async ({ file, ratio }) => {
    const raw = built(file);
    const path = `/${file}`;
    const br = await send(path, { 'accept-encoding': 'gzip, br' });
    const gzip = await send(path, { 'accept-encoding': 'gzip' });
    const identity = await send(path);

    const answers = { br, gzip, identity };
    for (const [coding, wire] of Object.entries(answers)) {
      expect(wire.status, coding).toBe(200);
      expect(wire.headers['content-encoding'] ?? 'identity', coding).toBe(coding);
      expect(wire.headers.vary, coding).toMatch(/accept-encoding/i);
      expect(Number(wire.headers['content-length']), coding).toBe(wire.body.length);
      expect(decoded(wire).equals(raw), coding).toBe(true);
    }
    expect(br.body.length).toBeLessThan(raw.length * ratio);
    expect(gzip.body.length).toBeLessThan(raw.length * (ratio + 0.1));
    expect(br.body.length).toBeLessThan(gzip.body.length);

    const etags = Object.values(answers).map((w) => w.headers.etag);
    expect(new Set(etags).size).toBe(3);

    // A revalidation matches only the tag of the encoding it would be answered in.
    for (const [coding, wire] of Object.entries(answers)) {
      const acceptEncoding: Record<string, string> = coding === 'identity' ? {} : { 'accept-encoding': coding };
      const same = await send(path, { ...acceptEncoding, 'if-none-match': wire.headers.etag! });
      expect(same.status, coding).toBe(304);
      expect(same.headers.etag, coding).toBe(wire.headers.etag);
      expect(same.body.length, coding).toBe(0);
      const other = Object.values(answers).find((w) => w !== wire)!;
      const stale = await send(path, { ...acceptEncoding, 'if-none-match': other.headers.etag! });
      expect(stale.status, coding).toBe(200);
      expect(stale.headers.etag, coding).toBe(wire.headers.etag);
    }
  });

  it('honours q: a refused coding is never sent, and identity is the answer when both are refused', async () => {
    const raw = built('app.js');
    const noBrotli = await send('/app.js', { 'accept-encoding': 'br;q=0, gzip' });
    expect(noBrotli.headers['content-encoding']).toBe('gzip');
    expect(decoded(noBrotli).equals(raw)).toBe(true);
    const preferGzip = await send('/app.js', { 'accept-encoding': 'br;q=0.5, gzip;q=1' });
    expect(preferGzip.headers['content-encoding']).toBe('gzip');
    const anything = await send('/app.js', { 'accept-encoding': '*' });
    expect(anything.headers['content-encoding']).toBe('br');
    const neither = await send('/app.js', { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(neither.headers['content-encoding']).toBeUndefined();
    expect(neither.body.equals(raw)).toBe(true);
  });

  it('keeps the tracker headers on a compressed answer, and never serves a .br or .gz as a file', async () => {
    const core = await send('/lagom.js', { 'accept-encoding': 'br' });
    expect(core.headers['content-encoding']).toBe('br');
    expect(core.headers['access-control-allow-origin']).toBe('*');
    expect(core.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(core.headers['cache-control']).toBe('public, max-age=86400');
    expect(core.headers['content-type']).toBe('application/javascript; charset=utf-8');
    const versioned = await send(`/lagom.v${TRACKER_VERSION}.js`, { 'accept-encoding': 'gzip' });
    expect(versioned.headers['content-encoding']).toBe('gzip');
    expect(versioned.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const variant of ['/app.js.br', '/app.js.gz', '/lagom.js.br', '/lagom.js.gz']) {
      expect((await send(variant, { 'accept-encoding': 'gzip, br' })).status, variant).toBe(404);
    }
  });

  it('a HEAD answer announces the length of the encoding a GET would get', async () => {
    const head = await send('/app.js', { 'accept-encoding': 'gzip, br' }, 'HEAD');
    expect(head.headers['content-encoding']).toBe('br');
    expect(Number(head.headers['content-length'])).toBe(built('app.js.br').length);
    expect(head.body.length).toBe(0);
  });
});

describe('JSON answers', () => {
  const auth = () => ({ authorization: `Bearer ${lagom.apiKey}` });

  it('compresses one of 1 KB or more by Accept-Encoding, and says it varies by it', async () => {
    const identity = await send('/api/v1/sites', auth());
    expect(identity.status).toBe(200);
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.headers.vary).toMatch(/accept-encoding/i);
    expect(identity.body.length).toBeGreaterThan(1024);
    expect(JSON.parse(identity.body.toString()).sites).toHaveLength(SITES);

    for (const [acceptEncoding, coding] of [['gzip, deflate, br', 'br'], ['gzip', 'gzip'], ['br;q=0, gzip', 'gzip']]) {
      const wire = await send('/api/v1/sites', { ...auth(), 'accept-encoding': acceptEncoding! });
      expect(wire.headers['content-encoding'], acceptEncoding).toBe(coding);
      expect(wire.headers['content-type'], acceptEncoding).toMatch(/^application\/json/);
      expect(wire.headers.vary, acceptEncoding).toMatch(/accept-encoding/i);
      expect(Number(wire.headers['content-length']), acceptEncoding).toBe(wire.body.length);
      expect(wire.body.length, acceptEncoding).toBeLessThan(identity.body.length / 2);
      expect(decoded(wire).equals(identity.body), acceptEncoding).toBe(true);
    }
  });

  it('sends a small one, and a HEAD answer, as they are', async () => {
    const big = await send('/api/v1/sites', { ...auth(), 'accept-encoding': 'gzip, br' });
    expect(big.headers['content-encoding']).toBe('br');

    const small = await send('/api/v1/sites/site-01.example.com', { ...auth(), 'accept-encoding': 'gzip, br' });
    expect(small.status).toBe(200);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString())).toMatchObject({ domain: 'site-01.example.com', timezone: 'UTC' });
    const error = await send('/api/v1/sites/nowhere.example.com', { ...auth(), 'accept-encoding': 'gzip, br' });
    expect(error.status).toBe(404);
    expect(error.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(error.body.toString())).toHaveProperty('error');

    const head = await send('/api/v1/sites', { ...auth(), 'accept-encoding': 'gzip, br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-encoding']).toBeUndefined();
  });
});
