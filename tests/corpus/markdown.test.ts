import { readFileSync } from 'node:fs';
import t from 'tap';
import { parseDocument } from '../../src/corpus/load.ts';
import { clause, ids, slice, spanProblems } from '../fixtures/corpus-checks.ts';

// The Lakeside gold set's corpus, kept in the repo (tests/gold/), so this runs in a clean clone.
const lakesidePath = new URL('../gold/corpus-lakeside/lakeside-privacy-policy.md', import.meta.url);

t.test('lakeside policy (the gold set corpus)', async (t) => {
  const raw = readFileSync(lakesidePath, 'utf8');
  const doc = parseDocument('lakeside-privacy-policy.md', raw);
  t.equal(doc.id, 'lakeside-privacy-policy');
  t.equal(doc.format, 'markdown');
  t.equal(doc.title, 'Privacy Policy of Lakeside Analytics');
  t.notMatch(doc.text, /^#|\*\*|\]\(/m, 'the text is the clean reading text');
  t.same(ids(doc), ['preamble', '1', '2', '2.1', '2.2', '3', '4', '5', '6', '7']);
  t.match(clause(doc, 'preamble'), { heading: '', headingSpan: null });
  t.equal(slice(doc, clause(doc, 'preamble').blocks[0]!), 'Effective date: 1 March 2026');
  t.match(clause(doc, '2.1'), { heading: 'Account data', parentId: '2', depth: 2 });
  t.equal(slice(doc, clause(doc, '4').headingSpan!), '4. International transfers', 'the # run is outside the heading span');
  t.equal(clause(doc, '4').heading, 'International transfers');
  t.same(spanProblems(doc), []);
  t.same(doc.warnings, []);
});

const harborRaw = readFileSync(new URL('../fixtures/corpus/harbor-privacy.md', import.meta.url), 'utf8');
const harbor = parseDocument('harbor-privacy.md', harborRaw);

t.test('roman sections, numbered subsections, unnumbered sub-headings', async (t) => {
  t.equal(harbor.title, 'Harbor & Finch Privacy Notice');
  t.same(ids(harbor), ['preamble', 'I', 'II', 'II.1', 'II.1.children-under-16', 'II.2', 'III', 'IV', 'cookies']);
  t.match(clause(harbor, 'II.1.children-under-16'), { heading: 'Children under 16', parentId: 'II.1', depth: 3 });
  t.match(clause(harbor, 'cookies'), { heading: 'Cookies', parentId: null, depth: 1 });
  t.same(spanProblems(harbor), []);
  t.notMatch(harbor.text, /\*\*|^#/m, 'no markup in the text');
  for (const c of harbor.clauses) {
    t.ok(c.source && c.source.start < c.source.end && c.source.end <= harborRaw.length, `${c.id} has its source range`);
  }
  t.ok(harborRaw.slice(clause(harbor, 'II.2').source!.start).startsWith('### 2. Payment data'), 'a clause\'s source starts at its heading in the file');
});

t.test('list items, wrapped paragraphs and hard-broken addresses', async (t) => {
  const payment = clause(harbor, 'II.2').blocks;
  t.same(payment.map((b) => b.kind), ['paragraph', 'list-item', 'list-item', 'list-item']);
  t.same(
    payment.slice(1).map((b) => slice(harbor, b)),
    ['Stripe Payments Europe, Ltd., Dublin / Ireland', 'Adyen N.V., Amsterdam / Netherlands', 'PayPal (Europe), Luxembourg'],
    'markers and emphasis markup excluded',
  );
  const booking = clause(harbor, 'II.1').blocks;
  t.equal(booking.length, 1, 'a soft-wrapped paragraph is one block');
  const choices = clause(harbor, 'IV').blocks;
  t.same(choices.map((b) => b.kind), ['paragraph', 'lines']);
  t.ok(slice(harbor, choices[1]!).startsWith('Harbor & Finch Ltd.'));
});

t.test('empty section warning', async (t) => {
  const empty = harbor.warnings.filter((w) => w.code === 'empty_section');
  t.equal(empty.length, 1);
  t.match(empty[0], { clauseId: 'III', level: 'warning', file: 'harbor-privacy.md' });
  t.notOk(harbor.warnings.some((w) => w.code === 'ends_mid_sentence'));
});

t.test('numbering rules', async (t) => {
  const doc = parseDocument(
    'x.md',
    [
      '## C. Bar', '', 'Text.', '',
      '### 1. Foo', '', 'Text.', '',
      '## 2. Two', '', '### 2.1 Sub', '', 'Text.', '', '#### 2.1.1 Deeper', '', 'Text.', '',
      '## B. Bravo', '', '### Some Slug Here', '', 'Text.', '', '### Some slug here!', '', 'Text.', '',
      '### Some Slug Here', '', 'Text.',
    ].join('\n'),
  );
  t.same(ids(doc), ['C', 'C.1', '2', '2.1', '2.1.1', 'B', 'B.some-slug-here', 'B.some-slug-here~2', 'B.some-slug-here~3']);
  t.equal(doc.title, null, 'no # heading, no title');
  t.same(
    doc.warnings.filter((w) => w.code === 'repeated_heading').map((w) => w.clauseId),
    ['B.some-slug-here~2', 'B.some-slug-here~3'],
  );
});

t.test('several # headings are clauses, not a title', async (t) => {
  const doc = parseDocument('x.md', '# One\n\nText.\n\n# Two\n\nMore text.\n');
  t.equal(doc.title, null);
  t.same(ids(doc), ['one', 'two']);
});

t.test('a fenced block whose first line is indented starts on its text (the property test found it)', async (t) => {
  for (const raw of ['~~~\n !\n~~~', '```\n   Acme GmbH\n   Main Street 1\n```']) {
    const doc = parseDocument('x.md', raw);
    t.same(spanProblems(doc), [], JSON.stringify(raw));
    t.notMatch(doc.text, /^\s/, 'the reading text does not start with the indentation');
  }
  const doc = parseDocument('x.md', '```\n   Acme GmbH\n   Main Street 1\n```');
  t.equal(doc.text, 'Acme GmbH\n   Main Street 1', 'later lines keep their indentation');
});

t.test('setext headings, fences and closing hashes', async (t) => {
  const doc = parseDocument('x.md', 'Policy\n======\n\nScope\n-----\n\nText.\n\n```\ncode line\n```\n\n## 2. Rights ##\n\nYou have rights.\n');
  t.equal(doc.title, 'Policy');
  t.same(ids(doc), ['scope', '2']);
  t.equal(clause(doc, '2').heading, 'Rights');
  t.same(clause(doc, 'scope').blocks.map((b) => slice(doc, b)), ['Text.', 'code line']);
  t.equal(slice(doc, clause(doc, '2').headingSpan!), '2. Rights');
  t.same(spanProblems(doc), []);
});
