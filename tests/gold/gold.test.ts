/**
 * The gold sets in process, as a regression guard on answer quality: each set must stay at or
 * above the accuracy it is held to, with every citation verbatim. `npm run eval` runs the same
 * cases over the real server and prints the full report.
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

for (const set of sets) {
  t.test(set.cases, async (t) => {
    const index = await loadIndex(here(`./${set.corpus}/`));
    const texts = new Map(index.listDocuments().map((d) => [d.id, d.text]));
    const cases = parseCases(readFileSync(here(`./${set.cases}`), 'utf8'));
    const failures: string[] = [];
    let verbatim = 0;
    let citations = 0;
    for (const c of cases) {
      let result: AnswerResult | undefined;
      for (const q of c.turns) result = answerQuestion(index, q, { context: result?.context });
      const verdict = judge(result!.answer, c.expect, texts);
      verbatim += verdict.verbatim;
      citations += verdict.citations;
      if (verdict.why.length) failures.push(`${c.id}: ${verdict.why.join('; ')}`);
    }
    t.equal(verbatim, citations, 'every citation is a verbatim slice of its document');
    const accuracy = (cases.length - failures.length) / cases.length;
    t.ok(accuracy >= MIN_ACCURACY, `accuracy ${(100 * accuracy).toFixed(1)}% of ${cases.length}`, { failures });
  });
}
