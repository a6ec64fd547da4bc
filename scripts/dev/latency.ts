// Developer scratch: in-process answer latency over the gold questions.
import { readFileSync } from 'node:fs';
import { loadCorpus } from '../../src/corpus/load.ts';
import { ClauseIndex } from '../../src/search/clause-index.ts';
import { answerQuestion } from '../../src/answer/answer-question.ts';
const [dir, casesFile] = process.argv.slice(2);
const index = ClauseIndex.build((await loadCorpus(dir!)).documents);
const qs = readFileSync(casesFile!, 'utf8').split('\n').filter(Boolean).flatMap((l) => JSON.parse(l).turns as string[]);
let t0 = performance.now();
answerQuestion(index, qs[0]!);
console.log('first', (performance.now() - t0).toFixed(1));
const times: number[] = [];
for (let round = 0; round < 20; round++) for (const q of qs) { t0 = performance.now(); answerQuestion(index, q); times.push(performance.now() - t0); }
times.sort((a, b) => a - b);
console.log('p50', times[Math.floor(times.length * 0.5)]!.toFixed(3), 'p95', times[Math.floor(times.length * 0.95)]!.toFixed(3), 'p99', times[Math.floor(times.length * 0.99)]!.toFixed(3), 'max', times.at(-1)!.toFixed(2));
const per = new Map<string, number>();
for (let round = 0; round < 5; round++) for (const q of qs) { t0 = performance.now(); answerQuestion(index, q); per.set(q, Math.max(per.get(q) ?? 0, performance.now() - t0)); }
console.log([...per].sort((a, b) => b[1] - a[1]).slice(0, 5));
