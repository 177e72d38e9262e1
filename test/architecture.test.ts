// The folders' direction (docs/architecture.md, "Folders and their direction"), read from the
// source as text: every relative import of protocol/, server/, tracker/, dashboard/ and bench/
// is an edge from the importing file's folder to the imported file's. A folder never imports
// one above it (a composition root wires them), folders never import each other in a circle,
// and the two folders the others stand on stay that way: protocol/ is a leaf, and the store
// knows nothing of the HTTP layer or of the parts that use it.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const SOURCES = ['protocol', 'server', 'tracker', 'dashboard', 'bench'];
// `from '…'` (imports and re-exports, types included), `import '…'` and `import('…')`.
const SPECIFIER = /(?:\bfrom|\bimport)\s*\(?\s*['"]([^'"]+)['"]/g;

interface Import {
  file: string;
  /** the folder of the importing file, e.g. server/http */
  from: string;
  /** what it names: a path from the checkout's root for a relative import, else the package */
  target: string;
  relative: boolean;
}

const folderOf = (path: string) => posix.dirname(path);
const within = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

function imports(): Import[] {
  const out: Import[] = [];
  for (const top of SOURCES) {
    for (const entry of readdirSync(join(root, top), { withFileTypes: true, recursive: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
      const path = join(entry.parentPath, entry.name);
      const file = relative(root, path).split(sep).join('/');
      for (const m of readFileSync(path, 'utf8').matchAll(SPECIFIER)) {
        const spec = m[1]!;
        const isRelative = spec.startsWith('./') || spec.startsWith('../');
        const target = isRelative ? relative(root, join(dirname(path), spec)).split(sep).join('/') : spec;
        out.push({ file, from: folderOf(file), target, relative: isRelative });
      }
    }
  }
  return out;
}

const all = imports();
const local = all.filter((i) => i.relative);
const crossing = local.filter((i) => folderOf(i.target) !== i.from);
const show = (list: Import[]) => list.map((i) => `${i.file} imports ${i.target}`);

/** folder → the folders it imports */
function graph(): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const i of crossing) {
    const set = edges.get(i.from) ?? new Set<string>();
    set.add(folderOf(i.target));
    edges.set(i.from, set);
  }
  return edges;
}

/** Every circle the graph has, one per edge that closes one, as "a → b → a". */
function cycles(edges: Map<string, Set<string>>): string[] {
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (folder: string) => {
    state.set(folder, 'open');
    path.push(folder);
    for (const next of [...(edges.get(folder) ?? [])].sort()) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next].join(' → '));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(folder, 'done');
  };
  for (const folder of [...edges.keys()].sort()) if (!state.has(folder)) visit(folder);
  return found;
}

describe('the folder graph', () => {
  it('is read from the source', () => {
    expect(local.length).toBeGreaterThan(300);
    expect(graph().size).toBeGreaterThan(10);
  });

  it('points down: no folder imports one above it, and nothing imports test/', () => {
    const upward = crossing.filter((i) => i.from.startsWith(`${folderOf(i.target)}/`) || within(i.target, 'test'));
    expect(show(upward)).toEqual([]);
  });

  it('has no cycle', () => {
    const found = cycles(graph());
    expect(found, `folders that import each other:\n${found.join('\n')}`).toEqual([]);
  });

  it('keeps protocol/ a leaf: it imports nothing outside itself, no package and no node: module', () => {
    const out = all.filter((i) => within(i.from, 'protocol') && !(i.relative && within(i.target, 'protocol')));
    expect(show(out)).toEqual([]);
  });

  it('keeps server/store/ below the parts that use it: nothing from http, auth, ingest or stats', () => {
    const above = ['server/http', 'server/auth', 'server/ingest', 'server/stats'];
    const out = local.filter((i) => within(i.from, 'server/store') && above.some((f) => within(i.target, f)));
    expect(show(out)).toEqual([]);
  });
});
