// Developer scratch: heap used by the index of a generated corpus, and by prepared documents.
import { loadCorpus } from '../../src/corpus/load.ts';
import { ClauseIndex } from '../../src/search/clause-index.ts';
import { answerQuestion } from '../../src/answer/answer-question.ts';
import { documentAnalysis, setAnalysisCacheSize } from '../../src/answer/analysis-store.ts';
const gc = (globalThis as { gc?: () => void }).gc!;
const mb = () => { gc(); return (process.memoryUsage().heapUsed / 2 ** 20).toFixed(0); };
console.log('start', mb());
const docs = (await loadCorpus(process.argv[2]!)).documents;
console.log('documents loaded', mb());
const index = ClauseIndex.build(docs);
setAnalysisCacheSize(index, 100000);
console.log('index built', mb());
const n = Number(process.argv[3] ?? 1000);
for (const d of docs.slice(0, n)) documentAnalysis(index, d.id);
console.log(`${n} analyses`, mb());
for (const d of docs.slice(0, n)) answerQuestion(index, 'Is my data transferred to Japan?', { documentId: d.id });
console.log(`${n} answered (facts, features)`, mb());
