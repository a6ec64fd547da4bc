import { readFileSync } from 'node:fs';
import t from 'tap';
import { parseDocument } from '../../src/corpus/load.ts';
import { clause, ids, slice, spanProblems } from '../fixtures/corpus-checks.ts';

const raw = readFileSync(new URL('../fixtures/corpus/meridian-privacy.html', import.meta.url), 'utf8');
const doc = parseDocument('meridian-privacy.html', raw);

t.test('title, ids and headings', async (t) => {
  t.equal(doc.id, 'meridian-privacy');
  t.equal(doc.format, 'html');
  t.equal(doc.title, 'Meridian Health & Wellness — Privacy Policy', 'the single h1, entities decoded');
  t.same(ids(doc), ['preamble', '1', '2', '2.1', '2.wearable-imports', '3']);
  t.match(clause(doc, '2.wearable-imports'), { heading: 'Wearable imports', parentId: '2', depth: 2 });
  t.equal(slice(doc, clause(doc, '2.1').headingSpan!), '2.1 Health entries');
  t.same(spanProblems(doc), []);
});

t.test('page chrome, scripts and hidden content are dropped', async (t) => {
  t.notMatch(doc.text, /LEAK/);
  t.notMatch(doc.text, /font-family|window\.tracker/);
  t.match(doc.text, /Meridian Health & Wellness AG, Bahnhofstrasse 10, 8001 Zürich/, '&amp; decoded, white space collapsed');
});

t.test('normalised text: one block per line, blank line between blocks', async (t) => {
  t.notMatch(doc.text, /\n{3,}/);
  t.notMatch(doc.text, /[ \t]\n|\n[ \t]|  /);
  t.equal(slice(doc, clause(doc, '1').blocks[0]!), 'Meridian Health & Wellness AG, Bahnhofstrasse 10, 8001 Zürich / Switzerland, is the controller.');
  t.ok(doc.text.startsWith('Meridian Health & Wellness — Privacy Policy\n\nEffective from 1 January 2026.\n\n1. Who we are\n\n'));
});

t.test('list items and an address block', async (t) => {
  const wearables = clause(doc, '2.wearable-imports').blocks;
  t.same(wearables.map((b) => b.kind), ['paragraph', 'list-item', 'list-item', 'list-item']);
  t.equal(slice(doc, wearables[2]!), 'heart rate & heart-rate variability,');
  const rights = clause(doc, '3').blocks;
  t.same(rights.map((b) => b.kind), ['paragraph', 'lines']);
  t.equal(slice(doc, rights[1]!), 'Meridian Health & Wellness AG\nBahnhofstrasse 10\n8001 Zürich', '<br> becomes a line break');
  t.match(doc.warnings.find((w) => w.code === 'ends_mid_sentence'), { level: 'info', clauseId: '3' });
});

t.test('without main/article the body is used and its header is dropped', async (t) => {
  const d = parseDocument(
    'p.htm',
    '<body><header><h1>Site name</h1></header><h1>Policy</h1><h2>Cookies</h2><p>We use &quot;cookies&quot;.</p>' +
      '<h3>3. Analytics</h3><p>None.</p><template><p>TEMPLATE-LEAK</p></template><svg><text>SVG-LEAK</text></svg></body>',
  );
  t.equal(d.title, 'Policy');
  t.same(ids(d), ['cookies', 'cookies.3']);
  t.notMatch(d.text, /LEAK|Site name/);
  t.equal(slice(d, clause(d, 'cookies').blocks[0]!), 'We use "cookies".');
});

t.test('a header inside <article> is the article header', async (t) => {
  const d = parseDocument('a.html', '<article><header><h1>Notice</h1></header><h2>1. Data</h2><p>We keep none.</p></article>');
  t.equal(d.title, 'Notice');
  t.same(ids(d), ['1']);
});

t.test('headingless HTML becomes paragraph clauses, a table row is one block', async (t) => {
  const d = parseDocument('n.html', '<div>We keep no data.<p>Ask us anything.</p><table><tr><td>Cookie</td><td>Session only.</td></tr></table></div>');
  t.same(ids(d), ['p-we-keep-no-data', 'p-ask-us-anything', 'p-cookie-session-only']);
  t.same(d.clauses.map((c) => slice(d, c.blocks[0]!)), ['We keep no data.', 'Ask us anything.', 'Cookie | Session only.']);
  t.same(d.clauses[2]!.blocks.map((b) => b.kind), ['table-row']);
  t.same(spanProblems(d), []);
});

t.test('an empty page', async (t) => {
  const d = parseDocument('e.html', '<html><head><title>x</title><script>1</script></head><body></body></html>');
  t.equal(d.text, '');
  t.same(d.clauses, []);
  t.same(d.warnings.map((w) => w.code), ['empty_document']);
});
