import t from 'tap';
import { parseDocument } from '../../src/corpus/load.ts';

t.test('a short introduction before the first heading is one preamble clause', async (t) => {
  const doc = parseDocument('short.md', '# Policy\n\nEffective 1 May 2026.\n\n## 1. Contact\n\nWrite to us.\n');
  t.same(doc.clauses.map((c) => c.id), ['preamble', '1']);
});

t.test('a long text before a lone late sub-heading becomes paragraph clauses', async (t) => {
  const filler = ' We keep the data we collect about you only as long as we need it for this purpose.'.repeat(8);
  const words = ['First', 'Second', 'Third', 'Fourth', 'Fifth', 'Sixth'];
  const paragraphs = words.map((w) => `${w} paragraph says something about data.${filler}`);
  const text = `${paragraphs.join('\n\n')}\n\nChildren under the age of 13:\n\nWe do not collect data from children.`;
  const doc = parseDocument('long.txt', text);
  t.same(doc.clauses.map((c) => c.id), [...words.map((w) => `p-${w.toLowerCase()}-paragraph-says-something-about`), 'children-under-the-age-of-13']);
  for (const c of doc.clauses) for (const b of c.blocks) t.ok(b.start >= c.start && b.end <= c.end, `${c.id} holds its blocks`);
});
