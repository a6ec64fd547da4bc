#!/usr/bin/env -S npx tsx
/**
 * External retrieval measure on real policies: PolicyQA's development split over the OPP-115
 * policies (evaluation only — the data stays in ../shared/external and is never copied here).
 *
 * Each policy becomes one plain-text document (passages joined by blank lines); each question is
 * asked restricted to its own policy; a hit is a citation among the first three that overlaps the
 * gold answer span. Also reports top-1, the mean citation length, and how often we declined.
 *
 *   npm run eval:policyqa [-- --external ../shared/external] [--limit N]
 */
import { loadPolicyQa } from './policyqa-data.ts';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ClauseIndex } from '../src/search/clause-index.ts';
import { answerQuestion } from '../src/answer/answer-question.ts';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? def) : def;
};
const external = resolve(opt('--external', '../shared/external'));
const limit = Number(opt('--limit', 'Infinity'));

// The data is not part of this project (its licence is research-only): say where to get it.
const needed = [join(external, 'policyqa/dev.json'), join(external, 'opp115/sanitized_policies')];
const missing = needed.filter((path) => !existsSync(path));
if (missing.length > 0) {
  console.error(
    [
      `eval:policyqa needs the PolicyQA and OPP-115 data, not found: ${missing.join(', ')}`,
      'Get it, then point --external at the folder that holds both:',
      '  policyqa/dev.json               PolicyQA dev split: github.com/wasiahmad/PolicyQA, data/dev.json',
      '  opp115/sanitized_policies/      OPP-115 v1.0 policies: usableprivacy.org/data (research use only)',
      '  npm run eval:policyqa -- --external <folder>   (default ../shared/external)',
    ].join('\n'),
  );
  process.exit(2);
}

const { docs, golds, mismatched } = loadPolicyQa(external);
const t0 = performance.now();
const index = ClauseIndex.build(docs);
const buildMs = performance.now() - t0;

let clauseHit3 = 0, hit1 = 0, hit3 = 0, declined = 0, citations = 0, citedChars = 0, n = 0;
const times: number[] = [];
for (const g of golds.slice(0, limit)) {
  const s = performance.now();
  const { answer } = answerQuestion(index, g.question, { documentId: g.documentId });
  times.push(performance.now() - s);
  n++;
  if (!answer.answerable) declined++;
  const top = answer.citations.slice(0, 3);
  const overlaps = (c: { start: number; end: number }) => c.start < g.end && c.end > g.start;
  if (top[0] && overlaps(top[0])) hit1++;
  if (top.some(overlaps)) hit3++;
  const doc = index.getDocument(g.documentId)!;
  if (top.some((c) => { const cl = doc.clauses.find((x) => x.id === c.clauseId)!; return overlaps(cl); })) clauseHit3++;
  for (const c of top) { citations++; citedChars += c.end - c.start; }
}
times.sort((a, b) => a - b);
const pct = (x: number) => `${((100 * x) / n).toFixed(1)}%`;
console.log(`policies ${docs.length}, questions ${n}${mismatched ? `, passages not matching PolicyQA's context: ${mismatched}` : ''}, index built in ${buildMs.toFixed(0)} ms`);
console.log(`citation overlaps the gold span: top-1 ${pct(hit1)}, top-3 ${pct(hit3)}`);
console.log(`the clause of a citation among the first three holds the gold span: ${pct(clauseHit3)} (the ceiling for sentence choice)`);
console.log(`mean citation length ${(citedChars / Math.max(1, citations)).toFixed(0)} characters (${(citations / n).toFixed(2)} citations per answer in the first three)`);
console.log(`declined ${pct(declined)}; answer latency p50 ${times[Math.floor(n / 2)]!.toFixed(2)} ms, p95 ${times[Math.floor(n * 0.95)]!.toFixed(2)} ms`);
