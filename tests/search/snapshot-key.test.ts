/**
 * The snapshot key covers everything the saved index and policy models depend on
 * (src/search/snapshot-key.ts): a change to any module they import, or to a word list, rebuilds.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { CODE_BASE, codeClosure, codeVersion, sourceFirst } from '../../src/search/snapshot-key.ts';
import { policyModelSnapshot } from '../../src/answer/model/store.ts';

t.test('a change to a word list, or to any module imported on the way to it, changes the code version', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'policy-qa-key-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'answer'));
  mkdirSync(join(root, 'vocabulary'));
  const entry = join(root, 'answer', 'store.ts');
  writeFileSync(entry, "import { build } from './build.ts';\nexport const model = build;\n");
  writeFileSync(join(root, 'answer', 'build.ts'), "import { words } from '../vocabulary/vocabulary.ts';\nexport const build = () => words;\n");
  writeFileSync(join(root, 'vocabulary', 'vocabulary.ts'), "import data from './words.json' with { type: 'json' };\nexport const words = data;\n");
  writeFileSync(join(root, 'vocabulary', 'words.json'), '["controller"]');
  writeFileSync(join(root, 'answer', 'unrelated.ts'), 'export const x = 1;\n');

  const before = await codeVersion([entry], root);
  t.equal(await codeVersion([entry], root), before, 'the same files give the same version');

  writeFileSync(join(root, 'answer', 'unrelated.ts'), 'export const x = 2;\n');
  t.equal(await codeVersion([entry], root), before, 'a module nobody imports does not count');

  writeFileSync(join(root, 'vocabulary', 'words.json'), '["controller", "data controller"]');
  const afterWords = await codeVersion([entry], root);
  t.not(afterWords, before, 'a word added to a vocabulary file changes it');

  writeFileSync(join(root, 'vocabulary', 'vocabulary.ts'), "import data from './words.json' with { type: 'json' };\nexport const words = [...data];\n");
  t.not(await codeVersion([entry], root), afterWords, 'a change two imports away changes it');
});

t.test("the real key's closure holds the vocabulary, the text analyzer and the modules the policy model reads", async (t) => {
  const store = fileURLToPath(new URL('../../src/search/snapshot-store.ts', import.meta.url));
  const { files, packages } = await codeClosure([store, fileURLToPath(policyModelSnapshot.module.url)]);
  const rel = files.map((f) => relative(CODE_BASE, f));
  for (const expected of [
    'src/vocabulary/stopwords-en.json',
    'src/vocabulary/policy-model.json',
    'src/vocabulary/countries-extra.json',
    'src/vocabulary/vocabulary.ts',
    'src/text/analyze.ts',
    'src/answer/countries.ts',
    'src/answer/model/build.ts',
    'src/corpus/parse-document.ts',
    'src/search/clause-index.ts',
  ]) {
    t.ok(rel.includes(expected), `${expected} is in the key`);
  }
  t.notOk(rel.some((f) => f.startsWith('src/server/')), 'the server is not (it saves nothing)');
  t.ok(packages.has('porter2') && packages.has('minisearch'), 'the stemmer and the index library are in it, with their versions');
  t.match(packages.get('minisearch'), /^\d+\.\d+\.\d+/);
});

t.test('a build beside its sources is keyed by the sources: npm start and the tests share a snapshot', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'policy-qa-key-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'src', 'search'), { recursive: true });
  mkdirSync(join(root, 'dist', 'src', 'search'), { recursive: true });
  writeFileSync(join(root, 'src', 'search', 'store.ts'), "import { a } from './a.ts';\nexport const b: number = a;\n");
  writeFileSync(join(root, 'src', 'search', 'a.ts'), 'export const a: number = 1;\n');
  writeFileSync(join(root, 'dist', 'src', 'search', 'store.js'), "import { a } from './a.js';\nexport const b = a;\n");
  writeFileSync(join(root, 'dist', 'src', 'search', 'a.js'), 'export const a = 1;\n');

  const fromSources = sourceFirst([join(root, 'src', 'search', 'store.ts')], root);
  const fromBuild = sourceFirst([join(root, 'dist', 'src', 'search', 'store.js')], join(root, 'dist'));
  t.same(fromBuild, { entries: [join(root, 'src', 'search', 'store.ts')], base: root }, 'the compiled module maps to its source');
  const before = await codeVersion(fromBuild.entries, fromBuild.base);
  t.equal(before, await codeVersion(fromSources.entries, fromSources.base), 'the build and its sources have one key');

  writeFileSync(join(root, 'src', 'search', 'a.ts'), 'export const a: number = 2;\n');
  t.not(await codeVersion(fromBuild.entries, fromBuild.base), before, 'a changed source (two imports away) changes the build\'s key');

  rmSync(join(root, 'src'), { recursive: true });
  t.same(sourceFirst([join(root, 'dist', 'src', 'search', 'store.js')], join(root, 'dist')), { entries: [join(root, 'dist', 'src', 'search', 'store.js')], base: join(root, 'dist') }, 'without the sources (a deployed build) the build is keyed');
});
