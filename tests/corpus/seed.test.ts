import { readFileSync } from 'node:fs';
import t from 'tap';
import { parseDocument } from '../../src/corpus/load.ts';
import { sentencesOf } from '../../src/corpus/sentences.ts';
import { clause, ids, slice, spanProblems } from '../fixtures/corpus-checks.ts';

const file = 'webpros-privacy-policy.txt';
const raw = readFileSync(new URL('../../corpus/webpros-privacy-policy.txt', import.meta.url), 'utf8');
const doc = parseDocument(file, raw);

t.test('document basics', async (t) => {
  t.equal(doc.id, 'webpros-privacy-policy');
  t.equal(doc.format, 'text');
  t.equal(doc.title, null, 'the first line is a numbered heading, not a title');
  t.equal(doc.text, raw, 'text is the file unchanged');
});

t.test('clause ids follow the document numbering, repeats get ~2', async (t) => {
  t.same(ids(doc), [
    'A',
    'B',
    'B.supplementary-in-accordance-with-swiss-data-protection-law',
    'C',
    'C.1',
    'C~2',
    'C.1~2',
    'C.2',
  ]);
  t.match(clause(doc, 'C.2'), { parentId: 'C~2', depth: 2 });
  t.match(clause(doc, 'C.1~2'), { parentId: 'C~2', depth: 2 });
  t.match(clause(doc, 'B.supplementary-in-accordance-with-swiss-data-protection-law'), { parentId: 'B', depth: 2 });
});

t.test('headings drop their number and trailing colon', async (t) => {
  t.same(
    doc.clauses.map((c) => c.heading),
    [
      'General Note',
      'Third Country Transfer',
      'Supplementary in accordance with Swiss data protection law',
      'Joint Data Processing within the WebPros group',
      'Joint Data Processing',
      'Joint Data Processing within the WebPros group',
      'Joint Data Processing',
      'Contact',
    ],
  );
  t.equal(slice(doc, clause(doc, 'A').headingSpan!), 'A. General Note');
  t.equal(slice(doc, clause(doc, 'C.2').headingSpan!), '2. Contact');
});

t.test('every clause, block and sentence span slices back verbatim', async (t) => {
  t.same(spanProblems(doc), []);
  t.equal(doc.clauses[0]!.start, 0);
  t.equal(doc.clauses.at(-1)!.end, raw.length, 'the last clause runs to the end of the text');
  for (const [i, c] of doc.clauses.entries()) {
    const next = doc.clauses[i + 1];
    if (next) t.equal(c.end, next.start, `${c.id} ends where ${next.id} starts`);
  }
  t.ok(slice(doc, clause(doc, 'C.2')).startsWith('2. Contact\nWe have also internally assigned'));
});

t.test('the group-company list and its lead-in', async (t) => {
  const blocks = clause(doc, 'C.1~2').blocks;
  const items = blocks.filter((b) => b.kind === 'list-item');
  t.equal(items.length, 12);
  t.equal(slice(doc, items[0]!), 'WebPros International GmbH, Vordergasse 59, 8200 Schaffhausen / Switzerland', 'marker is outside the span');
  t.equal(slice(doc, items[11]!), 'WHMCS Ltd., C/O TMF Group, 13th Floor, One Angel Court, London, EC2R 7HJ / United Kingdom');
  const leadIn = blocks.find((b) => slice(doc, b).startsWith('The following entities'));
  t.equal(leadIn?.kind, 'paragraph', 'a colon line before a list is a paragraph, not a heading');
  t.equal(clause(doc, 'C.1').blocks.filter((b) => b.kind === 'list-item').length, 0);
});

t.test('every line of the seed is its own block', async (t) => {
  t.same(
    clause(doc, 'A').blocks.map((b) => b.kind),
    ['paragraph', 'paragraph', 'paragraph'],
  );
  t.equal(clause(doc, 'C').blocks.length, 0, 'C only holds its sub-clause');
});

t.test('the final address is one lines block in C.2', async (t) => {
  const blocks = clause(doc, 'C.2').blocks;
  t.same(blocks.map((b) => b.kind), ['paragraph', 'lines']);
  const address = blocks[1]!;
  t.equal(slice(doc, address), 'WebPros International GmbH\nVordergasse 59\n8200 Schaffhausen / Switzerland');
  t.same(sentencesOf(doc.text, address), [{ start: address.start, end: address.end }], 'a lines block is one unit');
  t.ok(slice(doc, blocks[0]!).endsWith('internally:'), 'the colon line before the address stays a paragraph');
});

t.test('warnings', async (t) => {
  const repeated = doc.warnings.filter((w) => w.code === 'repeated_heading');
  t.same(
    repeated.map((w) => w.clauseId),
    ['C~2', 'C.1~2'],
  );
  const c1 = repeated.find((w) => w.clauseId === 'C.1~2')!;
  t.match(c1, { level: 'warning', file });
  t.equal(raw.slice(c1.start, c1.end), '1. Joint Data Processing');
  const end = doc.warnings.filter((w) => w.code === 'ends_mid_sentence');
  t.equal(end.length, 1);
  t.match(end[0], { level: 'info', clauseId: 'C.2' });
  t.notOk(doc.warnings.some((w) => w.code === 'empty_section'));
});

t.test('sentences of the seed', async (t) => {
  const sentences = doc.clauses.flatMap((c) => c.blocks.flatMap((b) => sentencesOf(doc.text, b).map((s) => slice(doc, s))));
  t.ok(
    sentences.includes(
      'In the case of data transfer within our group of undertakings, there are generally adequacy decisions by the European Commission pursuant to Art. 45 para. 3 GDPR for the countries in which our group company is located, namely Switzerland, Japan and Canada.',
    ),
  );
  t.ok(sentences.some((s) => s.startsWith('E.g. for Europe, both, ')), 'E.g. starts a sentence');
  const swiss = sentences.find((s) => s.includes('Swiss-U.S.'));
  t.ok(swiss?.startsWith('Personal data is only transferred abroad'));
  t.ok(swiss?.endsWith('or other suitable protective measures.'));
  t.ok(sentences.includes('Subjects resident in Switzerland or as far as the DSG applies, we comply with the requirements of Art. 16 et seq. DSG.'));
  t.ok(
    sentences.includes(
      'For data subjects from the EU, this joint data processing is based on our legitimate interest in accordance with Art. 6 para. 1 lit. f GDPR in a well-functioning corporate organization and IT infrastructure.',
    ),
  );
});

t.test('a leading BOM is kept in the text and does not hide the first heading', async (t) => {
  const withBom = parseDocument(file, `\uFEFF${raw}`);
  t.equal(withBom.text, `\uFEFF${raw}`);
  t.same(ids(withBom), ids(doc));
  t.equal(slice(withBom, clause(withBom, 'A').headingSpan!), 'A. General Note');
  t.same(spanProblems(withBom), []);
});
