import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { loadCorpus } from '../../src/corpus/load.ts';
import { spanProblems } from '../fixtures/corpus-checks.ts';

const dir = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));

t.test('loads every supported file in sorted order, recursively', async (t) => {
  const corpus = await loadCorpus(dir);
  t.same(
    corpus.documents.map((d) => [d.id, d.file, d.format]),
    [
      ['harbor-privacy', 'harbor-privacy.md', 'markdown'],
      ['meridian-privacy', 'meridian-privacy.html', 'html'],
      ['swiss-addendum', 'regional/swiss-addendum.txt', 'text'],
      ['statement', 'statement.txt', 'text'],
    ],
  );
  for (const doc of corpus.documents) t.same(spanProblems(doc), [], doc.file);
});

t.test('bad files are skipped with an error naming them; others still load', async (t) => {
  const { errors } = await loadCorpus(dir);
  const byFile = Object.fromEntries(errors.map((e) => [e.file, e]));
  t.same(Object.keys(byFile).sort(), ['garbled.txt', 'harbor-privacy.txt', 'image-dump.md', 'policy.rtf']);
  t.match(byFile['garbled.txt'], { code: 'unreadable_file', level: 'error', message: /garbled\.txt.*UTF-8/ });
  t.match(byFile['image-dump.md'], { code: 'unreadable_file', level: 'error', message: /image-dump\.md.*NUL/ });
  t.match(byFile['harbor-privacy.txt'], { code: 'unreadable_file', level: 'error', message: /same document id "harbor-privacy" as harbor-privacy\.md/ });
  t.match(byFile['policy.rtf'], { code: 'unsupported_format', level: 'info' });
  t.notOk(errors.some((e) => e.file.includes('.draft')), 'dotfiles are ignored silently');
});

t.test('a BOM survives loading', async (t) => {
  const raw = '\uFEFFA. Intro\nWe keep no logs.\n';
  const tmp = t.testdir({ 'bom.txt': raw });
  const { documents, errors } = await loadCorpus(tmp);
  t.same(errors, []);
  t.equal(documents[0]?.text, raw);
  t.same(documents[0]?.clauses.map((c) => c.id), ['A']);
});

t.test('an empty folder loads nothing; a missing folder is an error', async (t) => {
  const tmp = t.testdir({});
  t.same(await loadCorpus(tmp), { documents: [], errors: [] });
  await t.rejects(loadCorpus(join(tmp, 'nope')), { code: 'ENOENT' });
});

t.test('PDF and Word files load; a broken one is reported and the others still load', async (t) => {
  const { mkdtempSync, writeFileSync, copyFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'pqa-binary-'));
  copyFileSync(new URL('../fixtures/documents/seed.pdf', import.meta.url), join(dir, 'printed.pdf'));
  copyFileSync(new URL('../fixtures/documents/seed.docx', import.meta.url), join(dir, 'word.docx'));
  writeFileSync(join(dir, 'broken.pdf'), 'Not a PDF');
  const { documents, errors } = await loadCorpus(dir);
  t.same(documents.map((d) => [d.id, d.format]), [['printed', 'pdf'], ['word', 'docx']]);
  t.match(errors, [{ code: 'unreadable_file', level: 'error', file: 'broken.pdf' }]);
});
