import fc from 'fast-check';
import t from 'tap';
import { parseDocument } from '../../src/corpus/load.ts';
import { spanProblems } from '../fixtures/corpus-checks.ts';

// Fragments that exercise the parsers' branches more often than random characters would.
const fragment = fc.constantFrom(
  'A. General Note', '1. Scope', '2.1 Details', 'IV. Rights', 'Note:', '- item', '* item', '• item', '1) item',
  '# Title', '## 3. Heading', '### Sub', '```', '---', '> quote', '| a | b |', 'Acme GmbH', 'Main Street 1',
  'We keep data.', 'e.g. the EU', 'Art. 45 para. 3', 'U.S. Data', '<h1>T</h1>', '<h2>2. X</h2>', '<p>Text &amp; more</p>',
  '<li>x</li>', '<script>s</script>', '<br>', '\uFEFF', '', '   ', '\t', '\r',
  '[B]Heading[/B]', '[URL=https://x.test]link[/URL]', '**Bold:**', '| --- | --- |', '<!-- note -->', '<table><tr><th>A</th><td>b</td></tr></table>',
  '<dl><dt>T</dt><dd>D</dd></dl>', '---\ntitle: T\n---', 'LAST UPDATED', '~~~',
);
const documentText = fc.array(fc.oneof(fragment, fc.string({ maxLength: 12 })), { maxLength: 40 }).map((parts) => parts.join('\n'));

t.test('any input parses without throwing and keeps every span verbatim', async (t) => {
  for (const file of ['x.txt', 'x.md', 'x.html']) {
    fc.assert(
      fc.property(documentText, (raw) => {
        const doc = parseDocument(file, raw);
        const problems = spanProblems(doc);
        const ids = doc.clauses.map((c) => c.id);
        if (new Set(ids).size !== ids.length) problems.push(`duplicate ids: ${ids.join(', ')}`);
        // Plain text without forum markup (a closed BBCode tag) is kept as written; marked-up formats are cleaned.
        if (file === 'x.txt' && !/\[\/\w+\]/.test(raw) && doc.text !== raw) problems.push('text changed');
        for (const c of doc.clauses) {
          if (c.source && !(0 <= c.source.start && c.source.start <= c.source.end && c.source.end <= raw.length)) problems.push(`bad source of ${c.id}`);
        }
        return problems.length === 0 || (t.comment(JSON.stringify({ raw, problems })), false);
      }),
      { numRuns: 300 },
    );
    t.pass(`${file}: 300 random documents`);
  }
});
