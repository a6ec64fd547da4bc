/**
 * The document text is clean reading text for every format: no Markdown, HTML or forum markup
 * reaches a visitor, on every corpus of the repository and (when present) on the real policies
 * in ../shared/eval/corpus-real. A self-contained part runs on a clean clone.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { answerQuestion, type AnswerResult } from '../../src/answer/answer-question.ts';
import { loadCorpus, parseDocument } from '../../src/corpus/load.ts';
import type { PolicyDocument } from '../../src/corpus/types.ts';
import { parseCases } from '../../scripts/gold-judge.ts';
import { hasRealCorpus, REAL_CASES, REAL_CORPUS, REPO_CORPORA } from '../fixtures/corpus-dirs.ts';
import { clause, ids, spanProblems } from '../fixtures/corpus-checks.ts';
import { loadIndex } from '../helper.ts';

const MARKUP: Array<[string, RegExp]> = [
  ['**', /\*\*/],
  ['__', /(?:^|[\s(])__[^\s_]/],
  ['](', /\]\(/],
  ['<!--', /<!--/],
  ['[B]', /\[\/?B\]/i],
  ['backslash escape', /\\[\\`*_{}[\]()#+\-.!|]/],
];

/** Markup left in any clause block, as `file clause: what`. */
function markupProblems(doc: PolicyDocument): string[] {
  const out: string[] = [];
  for (const c of doc.clauses) {
    for (const b of [...c.blocks, ...(c.headingSpan ? [{ ...c.headingSpan, kind: 'heading' }] : [])]) {
      const text = doc.text.slice(b.start, b.end);
      for (const [what, re] of MARKUP) if (re.test(text)) out.push(`${doc.file} ${c.id}: ${what} in "${text.slice(0, 60)}"`);
      // Table pipes belong to table rows only.
      if (b.kind !== 'table-row' && /(^|\s)\|(\s|$)/.test(text)) out.push(`${doc.file} ${c.id}: table pipe in "${text.slice(0, 60)}"`);
    }
  }
  return out;
}

t.test('every corpus in the repository is free of markup', async (t) => {
  for (const dir of REPO_CORPORA) {
    const { documents } = await loadCorpus(dir);
    for (const doc of documents) {
      t.same(markupProblems(doc), [], `${doc.file}: no markup`);
      t.same(spanProblems(doc), [], `${doc.file}: spans verbatim and in order`);
    }
  }
});

t.test('markup of every format becomes reading text (self-contained)', async (t) => {
  const md = parseDocument(
    'm.md',
    '---\ntitle: Front Title\nlast_updated: 2025-02-26\n---\n<!-- markdownlint-disable MD013 -->\n' +
      'Intro with a [link](https://x.test) and an escaped \\*star\\*.\n\n## Who we are\n\n' +
      '| If you reside in | Controller |\n|---|---|\n| the EEA | **Aut O\'Mattic A8C Ireland Ltd.** |\n| elsewhere | Automattic Inc. |\n\n' +
      '**Purpose:**\n\nWe use __data__ for ~~nothing~~ service.\n\n* one\n* two\n',
  );
  t.same(markupProblems(md), []);
  t.equal(md.title, 'Front Title', 'front matter title');
  t.same(md.metadata.lastUpdated, { text: '2025-02-26', iso: '2025-02-26' });
  t.notMatch(md.text, /title:|markdownlint/, 'front matter and comments are not text');
  t.match(md.text, /If you reside in \| Controller\nthe EEA \| Aut O'Mattic A8C Ireland Ltd\.\nelsewhere \| Automattic Inc\./, 'table rows under the header row');
  t.match(md.text, /escaped \*star\*\./);
  t.match(md.text, /\none\ntwo$/, 'list items on their own lines');
  t.same(ids(md), ['preamble', 'who-we-are', 'who-we-are.purpose']);

  const txt = parseDocument('k.txt', '[B]Acme Privacy Policy[/B]\n[I]2016 Oct 23[/I]\n\nIntro text here.\n\n[B]What do we collect?[/B]\n\nWe collect [URL=https://x.test]your logs[/URL] only.\n\nWHO WE SHARE WITH\n\nNobody at all.\n');
  t.same(markupProblems(txt), []);
  t.equal(txt.title, 'Acme Privacy Policy');
  t.same(txt.metadata.lastUpdated, { text: '2016 Oct 23', iso: '2016-10-23' });
  t.same(ids(txt), ['preamble', 'what-do-we-collect', 'who-we-share-with']);
  t.match(txt.text, /We collect your logs only\./);
  t.equal(clause(txt, 'what-do-we-collect').source?.line, 6, 'source line in the file');

  const html = parseDocument(
    'h.html',
    '<main><h1>P</h1><!-- hidden --><p><strong>Controller</strong></p><p>Acme Ltd is the controller.</p>' +
      '<table><tr><th>Data</th><th>Kept for</th></tr><tr><td>Logs</td><td>7 days</td></tr></table>' +
      '<dl><dt>Cookie</dt><dd>A small file.</dd></dl><script>x()</script></main>',
  );
  t.same(markupProblems(html), []);
  t.same(ids(html), ['controller']);
  t.equal(html.text, 'P\n\nController\n\nAcme Ltd is the controller.\n\nData | Kept for\nLogs | 7 days\n\nCookie – A small file.');
});

t.test('the real policies (../shared/eval/corpus-real)', { skip: hasRealCorpus ? false : `missing ${REAL_CORPUS}` }, async (t) => {
  const { documents } = await loadCorpus(REAL_CORPUS);
  const byId = new Map(documents.map((d) => [d.id, d]));
  for (const doc of documents) {
    t.same(markupProblems(doc), [], `${doc.file}: no markup`);
    t.same(spanProblems(doc), [], `${doc.file}: spans`);
  }
  const kodi = byId.get('kodi')!;
  t.equal(kodi.title, 'Kodi Privacy Policy');
  t.same(
    kodi.clauses.map((c) => c.heading),
    ['', 'What do we mean by “personal information?”', 'How do we learn information about you?', 'What do we do with your information once we have it?',
      'When do we share your information with others?', 'How do we store and protect your personal information?', 'What else should you know?',
      'What if we change this privacy policy or any of our privacy notices?'],
    'Kodi splits into its titled sections',
  );
  const le = byId.get('letsencrypt')!;
  const gdpr = le.clauses.find((c) => c.heading.startsWith('What rights do European Economic Area'))!;
  const parts = le.clauses.filter((c) => c.parentId === gdpr.id).map((c) => c.heading);
  t.same(parts.filter((h) => h.startsWith('Purpose:')).length, 5, 'the GDPR section splits at its bold Purpose records');
  // No clause over 3,000 characters unless its source gives it no structure (none here).
  const long = documents.flatMap((d) => d.clauses.filter((c) => c.end - c.start > 3000).map((c) => `${d.id} ${c.id} ${c.end - c.start}`));
  t.same(long, [], 'no clause over 3,000 characters');
});

t.test('answers over the real policies carry no markup and cite verbatim', { skip: hasRealCorpus ? false : `missing ${REAL_CORPUS}` }, async (t) => {
  const index = await loadIndex(REAL_CORPUS);
  const texts = new Map(index.listDocuments().map((d) => [d.id, d.text]));
  const cases = parseCases(readFileSync(REAL_CASES, 'utf8')) as Array<ReturnType<typeof parseCases>[number] & { documentId?: string; expect: { answerExcludes?: string[] } }>;
  const problems: string[] = [];
  let excludes = 0;
  for (const c of cases) {
    let result: AnswerResult | undefined;
    for (const q of c.turns) result = answerQuestion(index, q, { context: result?.context, ...(c.documentId ? { documentId: c.documentId } : {}) });
    const a = result!.answer;
    for (const s of c.expect.answerExcludes ?? []) {
      excludes++;
      if (a.text.includes(s)) problems.push(`${c.id}: answer contains "${s}"`);
    }
    for (const ct of a.citations) if (texts.get(ct.documentId)?.slice(ct.start, ct.end) !== ct.excerpt) problems.push(`${c.id}: ${ct.clauseId} not verbatim`);
  }
  t.ok(excludes > 0, `${excludes} answerExcludes checks`);
  t.same(problems, []);
});
