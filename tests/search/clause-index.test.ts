/**
 * Ranking tests in MiniSearch's style: for each query, the clause that must come first.
 */
import t from 'tap';
import { loadIndex, WEBPROS } from '../helper.ts';
import { parseQuery } from '../../src/search/query.ts';
import { parseDocument } from '../../src/corpus/load.ts';
import { ClauseIndex } from '../../src/search/clause-index.ts';

const index = await loadIndex();

const topClause = (q: string, documentId?: string) =>
  index.retrieve(parseQuery(q, { corrector: index.corrector, knows: (x) => index.hasTerm(x) }).terms, { documentId, limit: 3 })[0]?.clause.id;

t.test('the top clause for each query on the seed policy', async (t) => {
  const pins: Array<[string, string]> = [
    ['standard contractual clauses', 'B'],
    ['adequacy decision Japan', 'B'],
    ['supplementary requirements of Swiss law', 'B.supplementary-in-accordance-with-swiss-data-protection-law'],
    ['legitimate interest joint processing', 'C.1~2'],
    ['contact', 'C.2'],
    ['General Data Protection Regulation worldwide users', 'A'],
  ];
  for (const [q, id] of pins) t.equal(topClause(q, WEBPROS), id, q);
});

t.test('a question restricted to a document and one across all agree on a one-document corpus', async (t) => {
  t.equal(topClause('standard contractual clauses'), topClause('standard contractual clauses', WEBPROS));
  t.same(index.retrieve([{ term: 'transfer', weight: 1 }], { documentId: 'no-such-document', limit: 3 }), []);
});

t.test('each document has its own index: another document never answers a restricted question', async (t) => {
  const a = parseDocument('alpha.md', '# Alpha\n\n## 1. Cookies\n\nWe use cookies for analytics.\n');
  const b = parseDocument('beta.md', '# Beta\n\n## 1. Retention\n\nWe keep invoices for ten years.\n');
  const two = ClauseIndex.build([a, b]);
  t.equal(two.documentCount, 2);
  t.same(two.retrieve([{ term: 'cooki', weight: 1 }], { documentId: 'beta', limit: 5 }), []);
  t.equal(two.retrieve([{ term: 'cooki', weight: 1 }], { limit: 5 })[0]?.documentId, 'alpha');
});
