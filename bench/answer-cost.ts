/**
 * The cost of one computed answer to a visitor's own wording, in process (no transport, no
 * cache): the varied-question stream of the socket benchmark (bench/varied-questions.ts, each
 * wording about one of the gold documents in turn) over the gold corpus, every answer computed
 * and turned into its WebSocket message, as the server does, after a warm-up over other wordings
 * of the same stream. Reports this process's CPU time per answer (mean; `process.cpuUsage`
 * counts only this process, so other work on a shared machine inflates it less than the clock)
 * and each answer's own time (p50/p90/p99, `performance.now()`). On a loaded machine, `--repeat K`
 * answers each wording K times in a row and keeps its fastest time: the scheduler's interruptions
 * drop out, so two builds can be compared while other work runs (the first answer to a wording is
 * no slower than the next ones: nothing is remembered between them but the analyser's word tables).
 *
 *   npx tsx bench/answer-cost.ts [--count 4000] [--warm 2000] [--repeat 1] [--dist] [--profile FILE]   (prints JSON)
 *
 * `--dist` measures the compiled build (dist/src, what `npm start` runs; `npm run build` first),
 * whose profile has real line numbers. `--profile FILE` writes a CPU profile of the measured
 * answers only (0.1 ms sampling; open it in Chrome's DevTools).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';
import { summarise } from './lib.ts';
import { goldAsks, goldCorpus } from './transport.ts';
import { variedQuestions } from './varied-questions.ts';

export interface AnswerCost {
  answers: number;
  /** CPU microseconds of this process per answer. */
  cpuMeanMicros: number;
  /** Microseconds of each answer (wall clock). */
  micros: { p50: number; p90: number; p99: number; mean: number };
}

/** The varied asks, each about one of the gold documents in turn (as bench/transport.ts sends them). */
export function variedAsks(): Array<{ question: string; documentId: string }> {
  const documentIds = [...new Set(goldAsks().map((a) => a.documentId).filter((d): d is string => d !== undefined))];
  return variedQuestions().map((question, i) => ({ question, documentId: documentIds[i % documentIds.length]! }));
}

/** The answer code from src/ (through tsx) or from the compiled build in dist/src. */
async function answerModules(dist: boolean) {
  const root = dist ? '../dist/src' : '../src';
  const ext = dist ? 'js' : 'ts';
  return {
    ...((await import(`${root}/answer/answer-question.${ext}`)) as typeof import('../src/answer/answer-question.ts')),
    ...((await import(`${root}/corpus/load.${ext}`)) as typeof import('../src/corpus/load.ts')),
    ...((await import(`${root}/protocol/answer.${ext}`)) as typeof import('../src/protocol/answer.ts')),
    ...((await import(`${root}/search/clause-index.${ext}`)) as typeof import('../src/search/clause-index.ts')),
  };
}

export async function measureAnswerCost(
  options: { count?: number; warm?: number; repeat?: number; dist?: boolean; profileFile?: string } = {},
): Promise<AnswerCost> {
  const { count = 4000, warm = 2000, repeat = 1, dist = false, profileFile } = options;
  const { answerQuestion, loadCorpus, publicAnswer, ClauseIndex } = await answerModules(dist);
  const index = ClauseIndex.build((await loadCorpus(goldCorpus())).documents);
  const asks = variedAsks();
  const answer = (a: { question: string; documentId: string }, id: string) =>
    JSON.stringify({ type: 'answer', id, answer: publicAnswer(answerQuestion(index, a.question, { documentId: a.documentId }).answer) });
  // Warm-up from the far end of the stream: the measured wordings are new to the process.
  for (const a of asks.slice(asks.length - warm)) answer(a, '0');

  const session = profileFile ? new Session() : null;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
  }
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  for (const [i, a] of asks.slice(0, count).entries()) {
    let fastest = Number.POSITIVE_INFINITY;
    for (let k = 0; k < repeat; k++) {
      const t0 = performance.now();
      answer(a, String(i));
      fastest = Math.min(fastest, (performance.now() - t0) * 1000);
    }
    times.push(fastest);
  }
  const cpu = process.cpuUsage(cpu0);
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(profileFile!, JSON.stringify(profile));
    session.disconnect();
  }
  const { p50, p90, p99, mean } = summarise(times);
  return {
    answers: times.length,
    cpuMeanMicros: (cpu.user + cpu.system) / (times.length * repeat),
    micros: { p50, p90, p99, mean },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i === -1 ? undefined : process.argv[i + 1];
  };
  const r = await measureAnswerCost({
    count: Number(arg('--count') ?? 4000),
    warm: Number(arg('--warm') ?? 2000),
    repeat: Number(arg('--repeat') ?? 1),
    dist: process.argv.includes('--dist'),
    ...(arg('--profile') ? { profileFile: arg('--profile')! } : {}),
  });
  const round = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round(v)]));
  console.log(JSON.stringify({ answers: r.answers, cpuMeanMicros: Math.round(r.cpuMeanMicros), micros: round(r.micros) }));
}
