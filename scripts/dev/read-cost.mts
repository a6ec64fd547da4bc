// Developer scratch: CPU profile of reading the gold questions (readQuestion) in a loop.
import { Session } from 'node:inspector/promises';
import { loadCorpus } from '../../src/corpus/load.ts';
import { ClauseIndex } from '../../src/search/clause-index.ts';
import { answerQuestion, readQuestion } from '../../src/answer/answer-question.ts';
import { goldAsks, goldCorpus } from '../../bench/transport.ts';
const index = ClauseIndex.build((await loadCorpus(goldCorpus())).documents);
const qs = goldAsks().map((a) => a.question);
const mode = process.argv[2] ?? "read";
const run = (q: string) => (mode === "answer" ? answerQuestion(index, q) : readQuestion(index, q));
for (const q of qs) run(q);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
const t = performance.now();
let n = 0;
while (performance.now() - t < 3000) for (const q of qs) { run(q); n++; }
const { profile } = await session.post('Profiler.stop');
console.log('µs per question', ((performance.now() - t) * 1000 / n).toFixed(1));
const by = new Map(profile.nodes.map((x) => [x.id, x]));
const self = new Map<string, number>();
let total = 0;
profile.samples!.forEach((id, i) => { const x = by.get(id)!; const k = `${x.callFrame.functionName} ${x.callFrame.url.replace(/.*\/work\/main\//, '')}:${x.callFrame.lineNumber}`; const d = profile.timeDeltas![i]!; self.set(k, (self.get(k) ?? 0) + d); total += d; });
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(((100 * v) / total).toFixed(1).padStart(5), k.slice(0, 160));
