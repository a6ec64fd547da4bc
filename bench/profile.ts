/**
 * Where the time of one answer goes.
 *
 * 1. Sampling profile (node:inspector) of warm answers to the rotating gold asks, each turn in
 *    its conversation, plus building and serialising the WebSocket message, as the server does.
 *    Self time is grouped by the module it was spent in.
 * 2. Cold start: the first answer in a fresh process (JIT, lazy analysis), with and without
 *    the warm-up main.ts runs before reporting ready (src/server/warm-up.ts), each in a child
 *    process of its own.
 *
 *   npx tsx bench/profile.ts           (prints JSON)
 *   npx tsx bench/profile.ts --cold <corpus> <warm|cold>   (one cold-start measurement)
 */
import { execFileSync } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';
import { answerQuestion } from '../src/answer/answer-question.ts';
import type { ConversationContext } from '../src/answer/conversation.ts';
import { loadCorpus } from '../src/corpus/load.ts';
import { publicAnswer } from '../src/protocol/answer.ts';
import { ClauseIndex } from '../src/search/clause-index.ts';
import { warmUpAnswers } from '../src/server/warm-up.ts';
import { goldAsks, goldCorpus } from './transport.ts';

/** Module path fragment → area of the answer pipeline. First match wins. */
const AREAS: Array<[RegExp, string]> = [
  [/src\/text\/analyze\.|src\/search\/(query|typos|vocabulary)\.|src\/answer\/(question|cues)\./, 'reading the question (tokenise, translate, typos, synonyms, intents)'],
  [/src\/search\/(clause-index|top-clauses)\.|src\/answer\/search-hits\.|minisearch/, 'search (BM25 over the clause index)'],
  [/src\/answer\/(document-analysis|analysis-store)\.|src\/corpus\//, 'document analysis (first use of a document)'],
  [/src\/answer\/countries\./, 'answer: finding countries in sentences'],
  [/src\/answer\//, 'answer: sentence scoring, verdicts, composing the text'],
  [/src\/protocol\/|bench\/profile|zod/, 'serialisation (public answer, JSON)'],
  [/\(garbage collector\)/, 'garbage collection'],
];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

export interface ProfileResult {
  answers: number;
  meanMicros: number;
  areas: Array<{ area: string; share: number; micros: number }>;
  serialiseMicros: number;
}

export async function profileAnswers(seconds = 6): Promise<ProfileResult> {
  const index = ClauseIndex.build((await loadCorpus(goldCorpus())).documents);
  const asks = goldAsks();
  // One conversation per 8 asks, as a socket would hold them.
  const run = (n: number) => {
    let context: ConversationContext | null = null;
    for (let i = 0; i < n; i++) {
      const ask = asks[i % asks.length]!;
      if (i % 8 === 0) context = null;
      const result = answerQuestion(index, ask.question, { documentId: ask.documentId, context });
      context = result.context;
      JSON.stringify({ type: 'answer', id: String(i), answer: publicAnswer(result.answer) });
    }
  };
  run(asks.length * 3); // warm

  // Serialisation alone, timed directly.
  const results = asks.map((a) => answerQuestion(index, a.question, { documentId: a.documentId }));
  let t0 = performance.now();
  for (let r = 0; r < 20; r++) for (const [i, result] of results.entries()) JSON.stringify({ type: 'answer', id: String(i), answer: publicAnswer(result.answer) });
  const serialiseMicros = ((performance.now() - t0) * 1000) / (results.length * 20);

  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  t0 = performance.now();
  let answers = 0;
  while (performance.now() - t0 < seconds * 1000) {
    run(asks.length);
    answers += asks.length;
  }
  const elapsed = performance.now() - t0;
  const { profile } = (await session.post('Profiler.stop')) as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
  session.disconnect();

  const byNode = new Map<number, ProfileNode>(profile.nodes.map((n) => [n.id, n]));
  const areaTime = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byNode.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    if (!node || node.callFrame.functionName === '(idle)' || node.callFrame.functionName === '(program)') return;
    const where = node.callFrame.url || node.callFrame.functionName;
    const area = AREAS.find(([re]) => re.test(where))?.[1] ?? 'other (runtime, regular expressions, built-ins)';
    areaTime.set(area, (areaTime.get(area) ?? 0) + dt);
    total += dt;
  });
  const meanMicros = (elapsed * 1000) / answers;
  return {
    answers,
    meanMicros,
    serialiseMicros,
    areas: [...areaTime]
      .map(([area, t]) => ({ area, share: t / total, micros: (t / total) * meanMicros }))
      .sort((a, b) => b.share - a.share),
  };
}

/** In this (fresh) process: build the index, optionally warm up, time the first answer. */
async function coldOnce(corpus: string, warm: boolean): Promise<ColdStart> {
  const index = ClauseIndex.build((await loadCorpus(corpus)).documents);
  const warmUpMs = warm ? (await warmUpAnswers(index)).ms : 0;
  const docs = index.listDocuments();
  const target = docs[docs.length - 1]!.id; // not the document the warm-up used
  let t = performance.now();
  answerQuestion(index, 'How long do you keep my personal data?', { documentId: target });
  const firstMs = performance.now() - t;
  t = performance.now();
  answerQuestion(index, 'Can I object to direct marketing?', { documentId: target });
  const secondMs = performance.now() - t;
  return { warmUpMs, firstMs, secondMs };
}

export interface ColdStart {
  warmUpMs: number;
  firstMs: number;
  secondMs: number;
}

export function coldStart(): { cold: ColdStart; warm: ColdStart } {
  const corpus = goldCorpus();
  const self = fileURLToPath(import.meta.url);
  const once = (mode: string) =>
    JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', self, '--cold', corpus, mode], { encoding: 'utf8', timeout: 60_000 })) as ColdStart;
  return { cold: once('cold'), warm: once('warm') };
}

const args = process.argv.slice(2);
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (args[0] === '--cold') {
    console.log(JSON.stringify(await coldOnce(args[1]!, args[2] === 'warm')));
  } else {
    console.log(JSON.stringify({ profile: await profileAnswers(), coldStart: coldStart() }, null, 2));
  }
}
