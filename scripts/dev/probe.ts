// Developer scratch: answer a list of questions (one per line on stdin) against a corpus folder.
import { readFileSync } from 'node:fs';
import { loadCorpus } from '../../src/corpus/load.ts';
import { ClauseIndex } from '../../src/search/clause-index.ts';
import { answerQuestion, type AnswerResult } from '../../src/answer/answer-question.ts';
const index = ClauseIndex.build((await loadCorpus(process.argv[2]!)).documents);
let prev: AnswerResult | undefined;
for (const line of readFileSync(0, 'utf8').split('\n').filter(Boolean)) {
  const follow = line.startsWith('>');
  const q = follow ? line.slice(1).trim() : line;
  prev = answerQuestion(index, q, { context: follow ? prev?.context : undefined });
  const a = prev.answer;
  console.log(`Q: ${q}\n  [${a.answerable ? 'ans' : 'DECL'} ${a.verdict ?? '-'} ${a.confidence}] ${a.text.slice(0, 220).replace(/\n/g, ' ')}\n  cites ${a.citations.map((c) => c.clauseId).join(', ')}`);
}
