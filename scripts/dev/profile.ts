// Developer scratch: CPU profile of answering the gold questions repeatedly (node --cpu-prof).
import { readFileSync } from 'node:fs';
import { loadCorpus } from '../../src/corpus/load.ts';
import { ClauseIndex } from '../../src/search/clause-index.ts';
import { answerQuestion } from '../../src/answer/answer-question.ts';
const [dir, casesFile] = process.argv.slice(2);
const index = ClauseIndex.build((await loadCorpus(dir!)).documents);
const qs = readFileSync(casesFile!, 'utf8').split('\n').filter(Boolean).flatMap((l) => JSON.parse(l).turns as string[]);
const t0 = performance.now();
for (let round = 0; round < 30; round++) for (const q of qs) answerQuestion(index, q);
console.log('per answer ms', ((performance.now() - t0) / (30 * qs.length)).toFixed(3));
