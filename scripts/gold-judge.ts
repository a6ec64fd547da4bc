/**
 * The gold-case format (../shared/eval/README.md) and how an answer is judged against it: shared
 * by `npm run eval` (over the real server) and the in-process gold test.
 */

export interface Expect {
  answerable: boolean;
  /** A citation among the first three is in one of these clauses, a sub-clause, or a repeat (`C.1~2`). */
  cites?: string[];
  verdict?: string[];
  /** Case-insensitive substrings of the answer text. */
  answerIncludes?: string[];
}
export interface Case {
  id: string;
  turns: string[];
  expect: Expect;
}
export interface Citation {
  documentId: string;
  clauseId: string;
  excerpt: string;
  start: number;
  end: number;
}
export interface Answer {
  text: string;
  answerable: boolean;
  verdict: string | null;
  confidence: number;
  citations: Citation[];
}

export function parseCases(jsonl: string): Case[] {
  return jsonl.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Case);
}

export const citedIn = (clauseId: string, wanted: string[]) => {
  const c = clauseId.split('#')[0]!.replace(/~\d+$/, '');
  return wanted.some((w) => c === w || c.startsWith(`${w}.`));
};

export function judge(answer: Answer, e: Expect, texts: Map<string, string>): { why: string[]; verbatim: number; citations: number } {
  const why: string[] = [];
  let verbatim = 0;
  for (const c of answer.citations) {
    if (texts.get(c.documentId)?.slice(c.start, c.end) === c.excerpt) verbatim++;
    else why.push(`citation ${c.clauseId} is not verbatim`);
  }
  if (e.answerable) {
    if (!answer.answerable) why.push('declined');
    if (e.cites && !answer.citations.slice(0, 3).some((c) => citedIn(c.clauseId, e.cites!))) {
      why.push(`cites ${answer.citations.slice(0, 3).map((c) => c.clauseId).join(',') || 'nothing'}, wanted ${e.cites.join('|')}`);
    }
    if (e.verdict && !e.verdict.includes(String(answer.verdict))) why.push(`verdict ${answer.verdict}, wanted ${e.verdict.join('|')}`);
    for (const s of e.answerIncludes ?? []) if (!answer.text.toLowerCase().includes(s.toLowerCase())) why.push(`lacks "${s}"`);
  } else if (answer.answerable) {
    why.push('answered a question the policy does not address');
  }
  return { why, verbatim, citations: answer.citations.length };
}

