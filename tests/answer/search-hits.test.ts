import t from 'tap';
import { loadIndex, WEBPROS } from '../helper.ts';
import { searchClauses } from '../../src/answer/search-hits.ts';

const index = await loadIndex();

t.test('search results carry a verbatim excerpt and highlights on the matched words', async (t) => {
  const hits = searchClauses(index, 'standard contractual clauses', { limit: 3 });
  t.ok(hits.length > 0);
  const text = index.getDocument(WEBPROS)!.text;
  for (const hit of hits) {
    t.equal(text.slice(hit.start, hit.end), hit.excerpt);
    for (const [s, e] of hit.highlights) t.match(hit.excerpt.slice(s, e).toLowerCase(), /^(standard|contractual|clauses|scc)/);
  }
  t.ok(hits[0]!.excerpt.includes('standard contractual clauses'));
});
