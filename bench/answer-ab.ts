/**
 * Two builds' cost per computed answer, compared in one process: each build's compiled answer
 * code (`<root>/dist/src`, `npm run build` in each first) answers the same varied wordings
 * (bench/answer-cost.ts's stream over the gold corpus, each answer turned into its WebSocket
 * message), the two taking turns pass after pass, and each pass's CPU time per answer is kept.
 * On a machine shared with other work, the load changes from one run to the next by more than
 * most speed changes; passes that alternate within one process see the same load, so their
 * difference is the change's. (A change meant to be a speed change must also leave every answer
 * byte-identical: bench/answer-dump.ts.)
 *
 *   npx tsx bench/answer-ab.ts <rootA> <rootB> [--count 2000] [--passes 8]   (prints JSON)
 */
import { goldCorpus } from './transport.ts';
import { variedAsks } from './answer-cost.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const roots = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')).slice(0, 2);
if (roots.length !== 2) throw new Error('usage: answer-ab.ts <rootA> <rootB> [--count N] [--passes K]');
const asks = variedAsks().slice(0, option('--count', 2000));
const passes = option('--passes', 8);

async function runnerOf(root: string): Promise<() => void> {
  const src = `${root}/dist/src`;
  const { answerQuestion } = (await import(`${src}/answer/answer-question.js`)) as typeof import('../src/answer/answer-question.ts');
  const { loadCorpus } = (await import(`${src}/corpus/load.js`)) as typeof import('../src/corpus/load.ts');
  const { ClauseIndex } = (await import(`${src}/search/clause-index.js`)) as typeof import('../src/search/clause-index.ts');
  const { publicAnswer } = (await import(`${src}/protocol/answer.js`)) as typeof import('../src/protocol/answer.ts');
  const index = ClauseIndex.build((await loadCorpus(goldCorpus())).documents);
  return () => {
    for (const [i, a] of asks.entries()) {
      JSON.stringify({ type: 'answer', id: String(i), answer: publicAnswer(answerQuestion(index, a.question, { documentId: a.documentId }).answer) });
    }
  };
}

const runners = [await runnerOf(roots[0]!), await runnerOf(roots[1]!)];
for (const run of runners) for (let k = 0; k < 2; k++) run(); // warm
const micros: number[][] = [[], []];
for (let k = 0; k < passes; k++) {
  for (const [j, run] of runners.entries()) {
    const t0 = process.cpuUsage();
    run();
    const cpu = process.cpuUsage(t0);
    micros[j]!.push((cpu.user + cpu.system) / asks.length);
  }
}
const summary = (v: number[]) => {
  const sorted = [...v].sort((a, b) => a - b);
  return { minMicros: Math.round(sorted[0]!), medianMicros: Math.round(sorted[Math.floor(sorted.length / 2)]!) };
};
console.log(JSON.stringify({ answers: asks.length, passes, a: { root: roots[0], ...summary(micros[0]!) }, b: { root: roots[1], ...summary(micros[1]!) } }));
