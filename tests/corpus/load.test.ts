import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { answerQuestion } from '../../src/answer/answer-question.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { ClauseIndex } from '../../src/search/clause-index.ts';
import { logCorpusWarnings } from '../../src/server/corpus-log.ts';
import { spanProblems } from '../fixtures/corpus-checks.ts';
import { CORPUS_DIR, captureLogger } from '../helper.ts';

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

t.test('a FIFO, two symlink loops, a link to /dev/zero and oversized files are skipped, each named once in the log; the real policy loads', async (t) => {
  // What an operator's corpus folder may hold through a mount or a careless copy: none of it may
  // hang the start (a FIFO blocks a read, /dev/zero never ends, a link loop never ends a walk).
  const corpus = join(t.testdir({}), 'corpus');
  mkdirSync(corpus);
  cpSync(CORPUS_DIR, corpus, { recursive: true });
  execFileSync('mkfifo', [join(corpus, 'pipe.txt')]);
  mkdirSync(join(corpus, 'a'));
  symlinkSync('..', join(corpus, 'a', 'up')); // a/up -> corpus
  symlinkSync('../a', join(corpus, 'a', 'again')); // a/again -> a
  symlinkSync('/dev/zero', join(corpus, 'zero.txt'));
  symlinkSync('/', join(corpus, 'root'));
  writeFileSync(join(corpus, 'huge.txt'), `A. Intro\n${'We keep data. '.repeat(80_000)}\n`);
  writeFileSync(join(corpus, 'deep.html'), `<html><body><p>Privacy</p>${'<div>x '.repeat(80_000)}</body></html>`);

  const { documents, errors } = await loadCorpus(corpus, { maxDocumentBytes: 700_000 });
  t.same(documents.map((d) => d.id), ['webpros-privacy-policy']);
  const about = (file: string) => errors.find((e) => e.file === file && e.code === 'unreadable_file');
  t.match(about('pipe.txt'), { message: /FIFO/ });
  t.match(about('zero.txt'), { message: /device/ });
  t.match(about('a/up'), { message: /link to a folder/ });
  t.match(about('a/again'), { message: /link to a folder/ });
  t.match(about('root'), { message: /link to a folder/ });
  t.match(about('huge.txt'), { level: 'error', message: /MAX_DOCUMENT_BYTES/ });
  t.match(about('deep.html'), { message: /nested deeper than/ });

  const log = captureLogger();
  logCorpusWarnings(log.logger, errors, documents);
  t.match(log.lines.find((l) => l.file === 'huge.txt'), { level: 50 }, 'a file over MAX_DOCUMENT_BYTES is logged as an error');
  t.same(log.lines.filter((l) => /^(\S+): \1:/.test(String(l.msg))), [], 'each line names its file once');

  const answer = answerQuestion(ClauseIndex.build(documents), 'Is my data transferred to Canada?').answer;
  t.ok(answer.citations.length > 0, 'answers from the real policy');
});
