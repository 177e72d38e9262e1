import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../server/store/migrations/index.js';

// Released migrations are frozen text (migrations/index.ts): a migration that imported code,
// the live schema above all, would change what it creates whenever that code changed.
const DIR = new URL('../../../server/store/migrations/', import.meta.url);
const files = readdirSync(DIR).filter((f) => /^\d{4}_\w+\.ts$/.test(f)).sort();

/** Every module a file names: import … from, export … from, import(), bare import. */
function importsOf(source: string): string[] {
  const specifiers = [
    ...source.matchAll(/^\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/gm),
    ...source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...source.matchAll(/\bimport\s*\(\s*['"`]([^'"`]+)['"`]/g),
    ...source.matchAll(/\brequire\s*\(\s*['"`]([^'"`]+)['"`]/g),
  ];
  return specifiers.map((m) => m[1]!);
}

describe('migrations', () => {
  it('reads every form of import', () => {
    expect(importsOf(`import type { Migration } from './types.js';\nimport { X } from '../schema.js';`)).toEqual(['./types.js', '../schema.js']);
    expect(importsOf(`import {\n  A,\n  B,\n} from "./a.js";\nexport * from './b.js';\nconst m = await import('./c.js');`)).toEqual(['./a.js', './b.js', './c.js']);
  });

  it.each(files)('%s imports nothing but its type', (file) => {
    const source = readFileSync(new URL(file, DIR), 'utf8');
    for (const specifier of importsOf(source)) expect(specifier, `${file} imports ${specifier}`).toBe('./types.js');
    for (const line of source.split('\n').filter((l) => /^\s*import\b/.test(l))) expect(line).toMatch(/^import type \{ Migration \} from '\.\/types\.js';$/);
  });

  it('lists every file, in order, with ids that name the file', () => {
    expect(migrations.map((m) => `${m.id}.ts`)).toEqual(files);
  });
});
