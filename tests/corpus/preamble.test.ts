import t from 'tap';
import { parseDocument } from '../../src/corpus/load.ts';

t.test('a short introduction before the first heading is one preamble clause', async (t) => {
  const doc = parseDocument('short.md', '# Policy\n\nEffective 1 May 2026.\n\n## 1. Contact\n\nWrite to us.\n');
  t.same(doc.clauses.map((c) => c.id), ['preamble', '1']);
});

t.test('many paragraphs before a lone late sub-heading become paragraph clauses', async (t) => {
  const paragraphs = Array.from({ length: 6 }, (_, i) => `Paragraph ${i + 1} says something about data.`);
  const text = `${paragraphs.join('\n\n')}\n\nChildren under the age of 13:\n\nWe do not collect data from children.`;
  const doc = parseDocument('long.txt', text);
  t.same(doc.clauses.map((c) => c.id), ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'children-under-the-age-of-13']);
  for (const c of doc.clauses) for (const b of c.blocks) t.ok(b.start >= c.start && b.end <= c.end, `${c.id} holds its blocks`);
});
