/**
 * The structure docs/structure.md describes, held: word lists are read only through the
 * vocabulary loader, text is analysed only by src/text/analyze.ts, and imports go one way
 * (vocabulary, text → corpus → search → answer).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (e.name === 'web' ? [] : sources(join(dir, e.name))) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every module specifier a file imports (static, re-export, dynamic with a literal, require). */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/\bfrom\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

const files = sources(SRC).map((file) => ({ file, rel: relative(SRC, file), specifiers: imports(file) }));
const layerOf = (rel: string) => rel.split('/')[0]!;
/** Which top folders each layer may import from (besides itself and modules outside src/). */
const BELOW: Record<string, string[]> = {
  vocabulary: [],
  text: ['vocabulary'],
  corpus: ['vocabulary', 'text'],
  search: ['vocabulary', 'text', 'corpus'],
  answer: ['vocabulary', 'text', 'corpus', 'search'],
};

t.test('only the vocabulary loader reads word lists and stop-word packages', async (t) => {
  for (const { rel, specifiers } of files) {
    if (rel === 'vocabulary/vocabulary.ts') continue;
    t.same(specifiers.filter((s) => s.endsWith('.json') && !s.endsWith('package.json')), [], `${rel} imports no JSON data`);
    t.notOk(specifiers.includes('stopwords-iso'), `${rel} does not read stopwords-iso itself`);
  }
});

t.test('only the text analyzer stems', async (t) => {
  for (const { rel, specifiers } of files) {
    if (rel === 'text/analyze.ts') continue;
    t.notOk(specifiers.includes('porter2'), `${rel} does not import porter2`);
  }
});

t.test('imports go one way: vocabulary, text → corpus → search → answer', async (t) => {
  let checked = 0;
  for (const { file, rel, specifiers } of files) {
    const allowed = BELOW[layerOf(rel)];
    if (!allowed) continue;
    for (const s of specifiers.filter((x) => x.startsWith('.'))) {
      const target = relative(SRC, resolve(file, '..', s));
      const layer = layerOf(target);
      if (layer === layerOf(rel) || !(layer in BELOW)) continue;
      t.ok(allowed.includes(layer), `${rel} → ${target}`);
      checked++;
    }
  }
  t.ok(checked > 20, 'the check saw the imports across layers');
});
