/**
 * Every answer of the gold sets and of the first varied wordings, one JSON line each, so that a
 * change meant only to make answers faster can be checked to leave them byte-identical:
 *
 *   npx tsx bench/answer-dump.ts > before.jsonl; (change); npx tsx bench/answer-dump.ts > after.jsonl; cmp before.jsonl after.jsonl
 *
 * Sets: the project's gold (tests/gold/sets.json, each over its corpus), the varied stream
 * (bench/varied-questions.ts) over the gold corpus, and any `CORPUS_DIR CASES.jsonl` pairs given
 * as arguments (e.g. the shared eval sets). Each case's turns are asked in order, as one
 * conversation; every turn's answer, context update and cache key is written.
 *
 *   npx tsx bench/answer-dump.ts [--varied 3000] [CORPUS_DIR CASES.jsonl]...
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { answerQuestion, type AnswerResult } from '../src/answer/answer-question.ts';
import { loadCorpus } from '../src/corpus/load.ts';
import { ClauseIndex } from '../src/search/clause-index.ts';
import { ROOT } from './lib.ts';
import { goldCorpus } from './transport.ts';
import { variedAsks } from './answer-cost.ts';

const args = process.argv.slice(2);
const variedAt = args.indexOf('--varied');
const variedCount = variedAt === -1 ? 3000 : Number(args[variedAt + 1]);
const pairs = (variedAt === -1 ? args : args.filter((_, i) => i !== variedAt && i !== variedAt + 1));

interface Case {
  id?: string;
  documentId?: string;
  turns: string[];
}

const lines: string[] = [];
const indexOf = async (dir: string) => ClauseIndex.build((await loadCorpus(dir)).documents);
const readCases = (file: string): Case[] => readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Case);

function ask(index: ClauseIndex, set: string, c: Case, documentId: string | undefined): void {
  let result: AnswerResult | undefined;
  for (const [turn, q] of c.turns.entries()) {
    result = answerQuestion(index, q, { context: result?.context, ...(documentId ? { documentId } : {}) });
    lines.push(JSON.stringify({ set, id: c.id, turn, ...result }));
  }
}

const gold = join(ROOT, 'tests/gold');
for (const s of JSON.parse(readFileSync(join(gold, 'sets.json'), 'utf8')) as Array<{ cases: string; corpus: string }>) {
  const dir = join(gold, s.corpus);
  const index = await indexOf(dir);
  const only = index.listDocuments().length === 1 ? index.listDocuments()[0]!.id : undefined;
  for (const c of readCases(join(gold, s.cases))) ask(index, s.cases, c, c.documentId ?? only);
}
for (let i = 0; i + 1 < pairs.length; i += 2) {
  const index = await indexOf(pairs[i]!);
  for (const c of readCases(pairs[i + 1]!)) ask(index, pairs[i + 1]!, c, c.documentId);
}
const index = await indexOf(goldCorpus());
for (const [i, a] of variedAsks().slice(0, variedCount).entries()) ask(index, 'varied', { id: String(i), turns: [a.question] }, a.documentId);

process.stdout.write(`${lines.join('\n')}\n`);
