import { loadCorpus } from '../../src/corpus/load.ts';
import { ClauseIndex } from '../../src/search/clause-index.ts';
import { answerQuestion } from '../../src/answer/answer-question.ts';
const index = ClauseIndex.build((await loadCorpus(process.argv[2]!)).documents);
const a = answerQuestion(index, process.argv[3]!).answer;
console.log(JSON.stringify({ ...a, citations: a.citations.map((c) => ({ id: c.clauseId, score: c.score, len: c.excerpt.length, ex: c.excerpt.slice(0, 120) })) }, null, 1));
