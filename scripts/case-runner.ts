/**
 * The shared gold-case format (../shared/eval/README.md) answered in process: no server, so the
 * weight fit (scripts/fit-weights.ts) can ask every development case many times. Judges like the
 * shared runner (qa-eval.mjs): top-3 citation, verdict, answerIncludes/answerExcludes, first
 * citation's document, declines; and tells false declines from answered-unanswerable.
 *
 *   npx tsx scripts/case-runner.ts CORPUS_DIR CASES.jsonl [--verbose]
 */
import { readFileSync } from 'node:fs';
import { loadCorpus } from '../src/corpus/load.ts';
import { ClauseIndex } from '../src/search/clause-index.ts';
import { answerQuestion, type AnswerResult } from '../src/answer/answer-question.ts';
import { citedIn } from './gold-judge.ts';

export interface SharedCase {
  id: string;
  documentId?: string;
  turns: string[];
  expect: {
    answerable: boolean;
    cites?: string[];
    verdict?: string[];
    answerIncludes?: string[];
    answerExcludes?: string[];
    document?: string;
  };
}

export interface CaseOutcome {
  id: string;
  question: string;
  right: boolean;
  why: string[];
  /** Answerable by the gold, declined by us. */
  falseDecline: boolean;
  /** Not answerable by the gold, answered by us. */
  answeredUnanswerable: boolean;
  answerText: string;
  /** A citation among the first three is in a gold clause (undefined when the case names none). */
  cited3?: boolean;
}

export function readCases(file: string): SharedCase[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as SharedCase);
}

export async function indexOf(corpusDir: string): Promise<ClauseIndex> {
  const corpus = await loadCorpus(corpusDir);
  return ClauseIndex.build(corpus.documents);
}

export function runCase(index: ClauseIndex, c: SharedCase): CaseOutcome {
  let result: AnswerResult | undefined;
  for (const q of c.turns) {
    result = answerQuestion(index, q, { context: result?.context, ...(c.documentId ? { documentId: c.documentId } : {}) });
  }
  const answer = result!.answer;
  const e = c.expect;
  const why: string[] = [];
  for (const ct of answer.citations) {
    if (index.getDocument(ct.documentId)?.text.slice(ct.start, ct.end) !== ct.excerpt) why.push(`citation ${ct.clauseId} not verbatim`);
  }
  let cited3: boolean | undefined;
  if (e.answerable) {
    if (!answer.answerable) why.push('declined');
    if (e.cites) {
      cited3 = answer.citations.slice(0, 3).some((ct) => citedIn(ct.clauseId, e.cites!));
      if (!cited3) why.push(`cites ${answer.citations.slice(0, 3).map((x) => x.clauseId).join(',') || 'nothing'}, wanted ${e.cites.join('|')}`);
    }
    if (e.document && answer.citations[0]?.documentId !== e.document) why.push(`first citation from ${answer.citations[0]?.documentId ?? 'nothing'}`);
    if (e.verdict && !e.verdict.includes(String(answer.verdict))) why.push(`verdict ${answer.verdict}, wanted ${e.verdict.join('|')}`);
    for (const s of e.answerIncludes ?? []) if (!answer.text.toLowerCase().includes(s.toLowerCase())) why.push(`lacks "${s}"`);
    for (const s of e.answerExcludes ?? []) if (answer.text.toLowerCase().includes(s.toLowerCase())) why.push(`contains "${s}"`);
  } else if (answer.answerable) {
    why.push('answered a question the policy does not address');
  }
  return {
    id: c.id,
    question: c.turns.at(-1)!,
    right: why.length === 0,
    why,
    falseDecline: e.answerable && !answer.answerable,
    answeredUnanswerable: !e.answerable && answer.answerable,
    answerText: answer.text,
    ...(cited3 !== undefined ? { cited3 } : {}),
  };
}

export function summarise(outcomes: CaseOutcome[]): string {
  const n = outcomes.length;
  const right = outcomes.filter((o) => o.right).length;
  const unanswerable = outcomes.filter((o) => o.answeredUnanswerable).length;
  return `cases ${n}, correct ${right} (${((100 * right) / n).toFixed(1)}%), false declines ${outcomes.filter((o) => o.falseDecline).length}, answered-unanswerable ${unanswerable}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [corpusDir, casesFile] = process.argv.slice(2);
  const verbose = process.argv.includes('--verbose');
  const index = await indexOf(corpusDir!);
  const outcomes = readCases(casesFile!).map((c) => runCase(index, c));
  for (const o of outcomes) {
    if (o.right) continue;
    console.log(`FAIL ${o.id}: ${o.question}\n     ${o.why.join('; ')}`);
    if (verbose) console.log(`     answer: ${o.answerText.slice(0, 300)}`);
  }
  console.log(summarise(outcomes));
}
