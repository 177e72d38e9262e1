// The error catalogue (protocol/errors.ts), the server's source and the docs say the same thing:
// every code the server throws is in the catalogue with the status it is thrown with, and
// docs/errors.md lists the catalogue as it is. The compiler checks the first half already
// (LagomError's code and status are typed by the catalogue); this reads the source as text, so a
// code built some other way does not slip past. UPDATE_DOCS=1 rewrites the table in docs/errors.md.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isErrorCode, type ErrorCode } from '../../protocol/errors.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const DOC = join(root, 'docs/errors.md');
const ROW = /^\| `([a-z_]+)` \| (\d{3}) \| (.+) \|$/gm;

async function sources(dir: string): Promise<Array<{ file: string; text: string }>> {
  const out: Array<{ file: string; text: string }> = [];
  for (const entry of await readdir(join(root, dir), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = join(entry.parentPath, entry.name);
    out.push({ file: file.slice(root.length), text: await readFile(file, 'utf8') });
  }
  return out;
}

/** Every (status, code) the server's source throws with a literal code. */
async function thrown(): Promise<Array<{ file: string; status: number; code: string }>> {
  const out: Array<{ file: string; status: number; code: string }> = [];
  for (const { file, text } of await sources('server')) {
    for (const m of text.matchAll(/new LagomError\(\s*(\d{3}),\s*'([^']+)'/g)) out.push({ file, status: Number(m[1]), code: m[2]! });
    for (const m of text.matchAll(/badRequest\(\s*'([^']+)'/g)) out.push({ file, status: 400, code: m[1]! });
  }
  return out;
}

const table = () =>
  (Object.entries(ERROR_CODES) as Array<[ErrorCode, { status: number; meaning: string }]>)
    .map(([code, { status, meaning }]) => `| \`${code}\` | ${status} | ${meaning.replaceAll('|', '\\|')} |`)
    .join('\n');

describe('error codes', () => {
  it('are thrown by the server only as the catalogue has them', async () => {
    const found = await thrown();
    expect(found.length).toBeGreaterThan(40);
    const wrong = found.filter(({ status, code }) => !isErrorCode(code) || ERROR_CODES[code].status !== status);
    expect(wrong).toEqual([]);
  });

  it('are not the store\'s business: server/store/ throws StoreError, never an HTTP error', async () => {
    const http = (await sources('server/store')).filter(({ text }) => /from '(\.\.\/)+errors\.js'|\bLagomError\b|\bbadRequest\(|\bnotFound\(/.test(text));
    expect(http.map((s) => s.file)).toEqual([]);
  });

  it('are each used: a code nothing can answer with does not stay in the catalogue', async () => {
    const text = [...(await sources('server')), ...(await sources('protocol'))]
      .filter(({ file }) => file !== join('protocol', 'errors.ts'))
      .map((s) => s.text)
      .join('\n');
    // `invalid_${param}` with param 'limit' | 'page' (server/stats/params.ts) makes invalid_limit and invalid_page.
    const built = [...text.matchAll(/`([a-z]+)_\$\{(\w+)\}`/g)].map((m) => m[1]!);
    const unused = Object.keys(ERROR_CODES).filter(
      (code) => !text.includes(`'${code}'`) && !built.some((prefix) => code.startsWith(`${prefix}_`) && text.includes(`'${code.slice(prefix.length + 1)}'`)),
    );
    expect(unused).toEqual([]);
  });

  it('are documented in docs/errors.md with their status and meaning', async () => {
    const doc = await readFile(DOC, 'utf8');
    const rows = [...doc.matchAll(ROW)];
    if (process.env.UPDATE_DOCS === '1') {
      const first = rows[0]!;
      const last = rows[rows.length - 1]!;
      await writeFile(DOC, doc.slice(0, first.index) + table() + doc.slice(last.index! + last[0].length));
      return;
    }
    expect(rows.map((r) => r[0]).join('\n')).toBe(table());
  });

  it('appear in every error body the docs show', async () => {
    const bodies: string[] = [];
    for (const name of await readdir(join(root, 'docs'))) {
      if (!name.endsWith('.md')) continue;
      const text = await readFile(join(root, 'docs', name), 'utf8');
      for (const m of text.matchAll(/\{"error":"(?:[^"\\]|\\.)*"[^}]*\}/g)) bodies.push(`${name}: ${m[0]}`);
    }
    expect(bodies.length).toBeGreaterThan(4);
    const bad = bodies.filter((b) => {
      const body = JSON.parse(b.slice(b.indexOf(': ') + 2)) as { code?: unknown };
      return !isErrorCode(body.code);
    });
    expect(bad).toEqual([]);
  });
});
