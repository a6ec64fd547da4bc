import { readFileSync } from 'node:fs';
import t from 'tap';
import { parseDocument } from '../../src/corpus/load.ts';
import { sentencesOf } from '../../src/corpus/sentences.ts';
import { clause, ids, slice, spanProblems } from '../fixtures/corpus-checks.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/corpus/${name}`, import.meta.url), 'utf8');

t.test('headingless text with blank lines: one clause per paragraph', async (t) => {
  const raw = fixture('statement.txt');
  const doc = parseDocument('statement.txt', raw);
  const first = 'p-northwind-coffee-roasters-does-not';
  t.same(ids(doc), [first, 'p-if-you-email-us-we', 'p-questions-write-to-hello-northwind'], 'ids from each paragraph\'s first words');
  t.equal(doc.title, null);
  t.match(clause(doc, first), { heading: '', headingSpan: null, parentId: null, depth: 1 });
  t.equal(clause(doc, first).blocks.length, 1, 'soft-wrapped lines form one paragraph');
  t.equal(
    slice(doc, clause(doc, first).blocks[0]!),
    'Northwind Coffee Roasters does not run user accounts and keeps no\ncustomer database. Orders placed in our shop are handled by our\npoint-of-sale provider.',
  );
  const sentences = sentencesOf(doc.text, clause(doc, first).blocks[0]!).map((s) => slice(doc, s));
  t.same(sentences, [
    'Northwind Coffee Roasters does not run user accounts and keeps no\ncustomer database.',
    'Orders placed in our shop are handled by our\npoint-of-sale provider.',
  ], 'a line break inside a sentence is not a sentence break');
  t.equal(doc.text, raw);
  t.same(spanProblems(doc), []);
  t.same(doc.warnings, []);
});

t.test('headingless text without blank lines: one clause per line', async (t) => {
  const doc = parseDocument('x.txt', 'We sell coffee.\nWe keep no data.\nAsk us anything.');
  t.same(ids(doc), ['p-we-sell-coffee', 'p-we-keep-no-data', 'p-ask-us-anything']);
  t.equal(slice(doc, clause(doc, 'p-we-keep-no-data')), 'We keep no data.\n');
  t.same(spanProblems(doc), []);
});

t.test('title line, roman sections and a trailing address', async (t) => {
  const doc = parseDocument('regional/swiss-addendum.txt', fixture('regional/swiss-addendum.txt'));
  t.equal(doc.id, 'swiss-addendum');
  t.equal(doc.title, 'Swiss Addendum');
  t.same(ids(doc), ['I', 'II']);
  t.same(clause(doc, 'II').blocks.map((b) => b.kind), ['paragraph', 'lines']);
  t.equal(slice(doc, clause(doc, 'II').blocks[1]!), 'Harbor & Finch Rep AG\nSeestrasse 1\n8002 Zürich');
  t.equal(clause(doc, 'I').blocks.length, 1);
  t.match(doc.warnings, [{ code: 'ends_mid_sentence', level: 'info' }]);
  t.same(spanProblems(doc), []);
});

t.test('a short first line without numbered headings after it is not a title', async (t) => {
  const doc = parseDocument('x.txt', 'Our promise\nWe never sell your data.');
  t.equal(doc.title, null);
  t.same(ids(doc), ['p-our-promise', 'p-we-never-sell-your-data']);
});

t.test('letters, dotted numbers and sentence-like numbered lines', async (t) => {
  const doc = parseDocument(
    'x.txt',
    ['A. Intro', 'Text.', 'B. Data', '1. Collection', 'Text.', '1.1 Details', 'Text.', '1. We also keep logs for seven days.', '2. Use', 'Text.', 'C. Rights', 'Text.', 'D. Contact', 'Text.'].join('\n'),
  );
  t.same(ids(doc), ['A', 'B', 'B.1', 'B.1.1', 'B.2', 'C', 'D'], 'C and D are letters after B, not Roman numerals');
  t.same(
    clause(doc, 'B.1.1').blocks.map((b) => slice(doc, b)),
    ['Text.', '1. We also keep logs for seven days.'],
    'a numbered line ending in a period is prose',
  );
});

t.test('numbered lines after a lead-in are a list, not headings', async (t) => {
  const doc = parseDocument('x.txt', 'A. Data\nWe collect:\n1. Name\n2. Email address\nB. Rights\nYou may object.');
  t.same(ids(doc), ['A', 'B']);
  t.same(clause(doc, 'A').blocks.map((b) => `${b.kind}:${slice(doc, b)}`), ['paragraph:We collect:', 'list-item:Name', 'list-item:Email address']);
});

t.test('colon sub-headings need prose after them', async (t) => {
  const doc = parseDocument(
    'x.txt',
    [
      'A. Transfers',
      'We transfer data within the group.',
      'For users in the United Kingdom:',
      'The UK GDPR applies in addition to the GDPR, and we rely on the UK adequacy regulations.',
      'Our processors are:',
      '- Acme Hosting',
      '- Beta Mail',
      'Write to us at:',
      'Gamma Ltd',
      'Main Street 1',
    ].join('\n'),
  );
  t.same(ids(doc), ['A', 'A.for-users-in-the-united-kingdom']);
  t.same(
    clause(doc, 'A.for-users-in-the-united-kingdom').blocks.map((b) => b.kind),
    ['paragraph', 'paragraph', 'list-item', 'list-item', 'paragraph', 'lines'],
  );
  t.equal(clause(doc, 'A.for-users-in-the-united-kingdom').heading, 'For users in the United Kingdom');
});

t.test('blank-line text with headings and wrapped lines', async (t) => {
  const raw = [
    'Privacy Notice',
    '',
    '1. Who we are',
    '',
    'Delta Bikes GmbH runs the bike-sharing app. We are the controller for',
    'the data described below.',
    '',
    '2. Data',
    '',
    '- location while a ride is active,',
    '  rounded to 100 metres',
    '- payment tokens',
    '',
  ].join('\n');
  const doc = parseDocument('x.txt', raw);
  t.equal(doc.title, 'Privacy Notice');
  t.same(ids(doc), ['1', '2']);
  t.equal(clause(doc, '1').blocks.length, 1);
  t.same(clause(doc, '2').blocks.map((b) => slice(doc, b)), ['location while a ride is active,\n  rounded to 100 metres', 'payment tokens']);
  t.equal(clause(doc, '2').end, raw.trimEnd().length, 'the last clause ends at the trimmed end of the text');
  t.same(spanProblems(doc), []);
});

t.test('a text that stops mid-sentence', async (t) => {
  const doc = parseDocument('x.txt', 'A. Intro\nWe collect data and share it with');
  t.match(doc.warnings, [{ code: 'ends_mid_sentence', level: 'warning', clauseId: 'A', file: 'x.txt' }]);
});

t.test('empty documents', async (t) => {
  for (const raw of ['', '  \n\n', '\uFEFF']) {
    const doc = parseDocument('empty.txt', raw);
    t.same(doc.clauses, []);
    t.same(doc.warnings.map((w) => w.code), ['empty_document']);
  }
});

t.test('CRLF line ends', async (t) => {
  const raw = 'A. Intro\r\nWe keep logs.\r\nB. Rights\r\nYou may object.\r\n';
  const doc = parseDocument('x.txt', raw);
  t.same(ids(doc), ['A', 'B']);
  t.equal(slice(doc, clause(doc, 'A').headingSpan!), 'A. Intro');
  t.same(spanProblems(doc), []);
});

t.test('a lead-in before the first numbered heading does not swallow it', async (t) => {
  const doc = parseDocument('x.txt', 'This policy covers the following:\n1. Scope\nIt applies to the website.\n2. Data\nWe collect:\n1. Name\n2. Email\nWe keep them for a year.');
  t.same(ids(doc), ['preamble', '1', '2']);
  t.same(clause(doc, '2').blocks.map((b) => b.kind), ['paragraph', 'list-item', 'list-item', 'paragraph']);
});
