/** Warm-up before ready: every answer path once, then repeated up to the configured number of answers or the time budget. */
import t from 'tap';
import { ClauseIndex } from '../../src/search/clause-index.ts';
import { WARM_UP_QUESTIONS, warmUpAnswers } from '../../src/server/warm-up.ts';
import { loadIndex } from '../helper.ts';

const onePass = 2 * WARM_UP_QUESTIONS.length; // on the first document, and across all

t.test('answers 0: one pass over every answer path, nothing more', async (t) => {
  const index = await loadIndex();
  t.equal(warmUpAnswers(index, { answers: 0 }).answers, onePass);
});

t.test('repeats whole conversations until the number of answers is reached', async (t) => {
  const index = await loadIndex();
  const { answers, ms } = warmUpAnswers(index, { answers: 50 });
  t.ok(answers >= 50 && answers < 50 + WARM_UP_QUESTIONS.length, `${answers} answers`);
  t.ok(ms > 0);
});

t.test('the time budget stops it early, after the first pass', async (t) => {
  const index = await loadIndex();
  t.equal(warmUpAnswers(index, { answers: 100_000, budgetMs: 0 }).answers, onePass);
});

t.test('an empty corpus: nothing to answer', async (t) => {
  t.equal(warmUpAnswers(ClauseIndex.build([]), { answers: 100 }).answers, 0);
});
