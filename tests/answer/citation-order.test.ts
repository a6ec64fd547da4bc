/**
 * Citations are documented as best first: their scores never rise down the list, whatever
 * strategy answered (a sentence chosen for its coverage used to come first with a lower score
 * than the related passage after it).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { loadIndex } from '../helper.ts';
import { answerQuestion } from '../../src/answer/answer-question.ts';
import { parseCases } from '../../scripts/gold-judge.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

t.test('every gold question on the seed gets its citations in score order', async (t) => {
  const index = await loadIndex();
  const questions = ['webpros.jsonl', 'webpros-extra.jsonl', 'multilingual.jsonl'].flatMap((f) =>
    parseCases(readFileSync(here(`../gold/${f}`), 'utf8')).map((c) => c.turns.at(-1)!),
  );
  const unordered: string[] = [];
  let multi = 0;
  for (const q of questions) {
    const { citations } = answerQuestion(index, q).answer;
    if (citations.length > 1) multi++;
    for (let i = 1; i < citations.length; i++) {
      if (citations[i]!.score > citations[i - 1]!.score) unordered.push(`${q}: ${citations.map((c) => c.score).join(' > ')}`);
    }
  }
  t.ok(multi > 20, `${multi} answers with several citations`);
  t.same(unordered, [], 'no citation scores higher than the one before it');
});
