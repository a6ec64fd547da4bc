/**
 * The gold sets in process, as a regression guard on answer quality: each set must stay at or
 * above the accuracy it is held to, with every citation verbatim and the citations best first
 * (documented so in docs/protocol.md: their scores never rise down the list, whatever strategy
 * answered). `npm run eval` runs the same cases over the real server and prints the full report.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { loadIndex } from '../helper.ts';
import { answerQuestion, type AnswerResult } from '../../src/answer/answer-question.ts';
import { judge, parseCases } from '../../scripts/gold-judge.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const sets = JSON.parse(readFileSync(here('./sets.json'), 'utf8')) as Array<{ cases: string; corpus: string }>;
/** The floor each set is held to (the target for the shared sets is 95%). */
const MIN_ACCURACY = 0.95;
/** Answers (all sets) with more than one citation: the score-order check needs them. */
let multiCitation = 0;

for (const set of sets) {
  t.test(set.cases, async (t) => {
    const index = await loadIndex(here(`./${set.corpus}/`));
    const texts = new Map(index.listDocuments().map((d) => [d.id, d.text]));
    const cases = parseCases(readFileSync(here(`./${set.cases}`), 'utf8'));
    const failures: string[] = [];
    const unordered: string[] = [];
    let verbatim = 0;
    let citations = 0;
    for (const c of cases) {
      let result: AnswerResult | undefined;
      for (const q of c.turns) {
        result = answerQuestion(index, q, { context: result?.context });
        const scores = result.answer.citations.map((x) => x.score);
        if (scores.length > 1) multiCitation++;
        if (scores.some((score, i) => i > 0 && score > scores[i - 1]!)) unordered.push(`${c.id} "${q}": ${scores.join(' > ')}`);
      }
      const verdict = judge(result!.answer, c.expect, texts);
      verbatim += verdict.verbatim;
      citations += verdict.citations;
      if (verdict.why.length) failures.push(`${c.id}: ${verdict.why.join('; ')}`);
    }
    t.equal(verbatim, citations, 'every citation is a verbatim slice of its document');
    t.same(unordered, [], 'no citation scores higher than the one before it');
    const accuracy = (cases.length - failures.length) / cases.length;
    t.ok(accuracy >= MIN_ACCURACY, `accuracy ${(100 * accuracy).toFixed(1)}% of ${cases.length}`, { failures });
  });
}

t.test('enough answers have several citations for the order check to mean something', async (t) => {
  t.ok(multiCitation > 20, `${multiCitation} answers with several citations`);
});
