/** Warm-up before ready: one pass over the documents, stopped by its time budget, yielding as it goes. */
import t from 'tap';
import { generatePolicy } from '../../bench/generate-corpus.ts';
import { parseDocument } from '../../src/corpus/load.ts';
import { ClauseIndex } from '../../src/search/clause-index.ts';
import { WARM_UP_QUESTIONS, warmUpAnswers } from '../../src/server/warm-up.ts';

const generated = (n: number) => ClauseIndex.build(Array.from({ length: n }, (_, i) => generatePolicy(i)).map((p) => parseDocument(p.name, p.text)));
const conversation = WARM_UP_QUESTIONS.length;

t.test('one pass over the documents: a conversation on each, and one across all', async (t) => {
  const index = generated(4);
  const { answers, ms } = await warmUpAnswers(index, { budgetMs: 60_000, repeatAnswers: 0 });
  t.equal(answers, (4 + 1) * conversation);
  t.ok(ms > 0);
});

t.test('a small corpus goes on answering (the documents in turn) until repeatAnswers, in whole conversations', async (t) => {
  const { answers } = await warmUpAnswers(generated(2), { budgetMs: 60_000, repeatAnswers: 10 * conversation + 1 });
  t.equal(answers, 11 * conversation);
  t.equal((await warmUpAnswers(generated(2), { budgetMs: 60_000, repeatAnswers: 2 * conversation })).answers, 3 * conversation, 'never less than the first pass');
});

t.test('the time budget stops it: budget 0 answers on the first document and across all only', async (t) => {
  t.equal((await warmUpAnswers(generated(4), { budgetMs: 0 })).answers, 2 * conversation);
});

t.test('it yields to the event loop while it runs', async (t) => {
  const index = generated(12);
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  const { answers } = await warmUpAnswers(index, { budgetMs: 60_000, sliceMs: 1, repeatAnswers: 0 });
  clearInterval(timer);
  t.equal(answers, 13 * conversation);
  t.ok(ticks > 0, `timers ran ${ticks} times during the warm-up`);
});

t.test('stop() ends it early (the server is closing)', async (t) => {
  const { answers } = await warmUpAnswers(generated(6), { budgetMs: 60_000, sliceMs: 0, stop: () => true });
  t.ok(answers < 7 * conversation, `${answers} answers`);
});

t.test('an empty corpus: nothing to answer', async (t) => {
  t.equal((await warmUpAnswers(ClauseIndex.build([]))).answers, 0);
});
