// Developer scratch: what a remembered answer costs in-process (Answerer hit, first questions).
import { loadCorpus } from '../../src/corpus/load.ts';
import { ClauseIndex } from '../../src/search/clause-index.ts';
import { Answerer } from '../../src/answer/answerer.ts';
import { goldAsks, goldCorpus } from '../../bench/transport.ts';
const index = ClauseIndex.build((await loadCorpus(goldCorpus())).documents);
const asks = goldAsks();
const a = new Answerer();
for (const q of asks) a.answer(index, q.question, { documentId: q.documentId });
for (let round = 0; round < 2; round++) {
  const t = performance.now();
  let n = 0;
  while (performance.now() - t < 1000) for (const q of asks) { a.answer(index, q.question, { documentId: q.documentId }); n++; }
  console.log('µs per remembered answer', ((performance.now() - t) * 1000 / n).toFixed(2), 'hits', a.hits, 'misses', a.misses);
}
