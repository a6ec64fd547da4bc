/**
 * The linter's structural checks: what a policy owner should fix in the source, and no false
 * alarms on real policies.
 */
import t from 'tap';
import { lintDocument, lintReport } from '../../src/corpus/lint.ts';
import { loadCorpus, parseDocument } from '../../src/corpus/load.ts';
import type { PolicyDocument } from '../../src/corpus/types.ts';
import { hasRealCorpus, REAL_CORPUS } from '../fixtures/corpus-dirs.ts';

function codes(doc: PolicyDocument): string[] {
  return [...doc.warnings, ...lintDocument(doc)].map((w) => `${w.code}${w.clauseId ? ` ${w.clauseId}` : ''}`);
}

const sentence = 'We keep the records we need to run the service and delete them when they are no longer needed. ';

t.test('an unclosed code fence is reported and does not swallow the headings after it', async (t) => {
  const doc = parseDocument('f.md', '## One\n\nText.\n\n```\ncode here\n\n## Two\n\nMore text.\n');
  t.ok(codes(doc).includes('unclosed_fence'));
  t.same(doc.clauses.map((c) => c.id), ['one', 'two']);
  const w = doc.warnings.find((x) => x.code === 'unclosed_fence')!;
  t.equal(w.start, '## One\n\nText.\n\n'.length, 'points at the fence line in the file');
});

t.test('a long clause without sub-headings', async (t) => {
  const doc = parseDocument('l.md', `## Everything\n\n${sentence.repeat(40)}\n\n## Short\n\nFine.\n`);
  t.same(codes(doc).filter((c) => c.startsWith('long_clause')), ['long_clause everything']);
});

t.test('a heading swallowed into a clause, a bullet cut from its item, markup left in text', async (t) => {
  const txt = parseDocument('s.txt', 'A. Scope\nThis policy covers the app.\n•\nWe collect your **email** address.\nB. Contact\nWrite to us.');
  const found = codes(txt);
  t.ok(found.includes('list_cut A'), 'bare bullet');
  t.ok(found.includes('markup_in_text A'), 'Markdown bold in a text file');
  const md = parseDocument('w.md', '## Rights\n\nYou have rights.\n\n<p>2. Contact Us</p>\n\nWrite to us.\n');
  t.ok(codes(md).includes('swallowed_heading rights'), 'a numbered heading read as a paragraph');
});

t.test('a list without a final full stop does not "end mid-sentence"', async (t) => {
  const doc = parseDocument('e.md', '## History\n\n* 2020: created\n* 2021: updated\n');
  t.notOk(codes(doc).some((c) => c.startsWith('ends_mid_sentence')));
});

t.test('lint on the real policies reports nothing false', { skip: hasRealCorpus ? false : `missing ${REAL_CORPUS}` }, async (t) => {
  const report = lintReport(await loadCorpus(REAL_CORPUS));
  t.same(report.documents.flatMap((d) => d.problems.map((p) => `${d.file} ${p.code} ${p.clauseId ?? ''}`)), []);
});
