/**
 * Turning chosen sentences into citations: verbatim spans of the document, widened only as far
 * as the answer needs (the address after "contact us at:", the sentence that "It" refers back to),
 * with the ranges of the matched words for highlighting.
 */
import type { DocumentAnalysis, Unit } from './document-analysis.ts';
import type { Citation } from './types.ts';
import type { ScoredTerm } from './scoring.ts';

/** Longest excerpt worth citing; beyond it a citation stops being "the sentence". */
export const MAX_EXCERPT = 420;

const REFERRING_START = /^(it|this|that|these|those|such|they|their|its|he|she|both|the latter|the former|here)\b/i;

export interface Window {
  first: Unit;
  last: Unit;
}

/**
 * Widen a sentence into the smallest passage that stands on its own: a sentence ending in a
 * colon takes what follows (a list item or an address block), a sentence that opens with a
 * pronoun takes the one before, and a following sentence that opens with a pronoun comes along.
 * `alsoTake` lets the caller add a neighbour that scores well.
 */
export function widen(analysis: DocumentAnalysis, unit: Unit, alsoTake?: (u: Unit) => boolean): Window {
  const { units, document } = analysis;
  const text = document.text;
  let first = unit;
  let last = unit;
  const sameClause = (u: Unit | undefined) => u !== undefined && u.clauseOrdinal === unit.clauseOrdinal;
  const slice = (u: Unit) => text.slice(u.start, u.end);

  const prev = units[first.ordinal - 1];
  if (REFERRING_START.test(slice(first)) && !first.blockStart && sameClause(prev) && last.end - prev!.start <= MAX_EXCERPT) {
    first = prev!;
  }
  if (alsoTake) {
    const before = units[first.ordinal - 1];
    if (sameClause(before) && alsoTake(before!) && last.end - before!.start <= MAX_EXCERPT) first = before!;
  }
  for (;;) {
    const next = units[last.ordinal + 1];
    if (!sameClause(next)) break;
    const endsWithColon = /:\s*$/.test(slice(last));
    const continues = !next!.blockStart && REFERRING_START.test(slice(next!));
    const wanted = endsWithColon || continues || (alsoTake?.(next!) ?? false);
    if (!wanted || next!.end - first.start > MAX_EXCERPT) break;
    last = next!;
    if (endsWithColon && next!.kind === 'list-item') break;
  }
  return { first, last };
}

/**
 * Grow a window with whole neighbouring sentences of the same clause, the better-scoring side
 * first, while it stays within `target` characters: context around a related passage, so a reader
 * (or a highlight) lands on the right sentence even when ours is the one next to it. It never
 * takes a sentence `allowed` refuses (one another citation already shows).
 */
export function fill(
  analysis: DocumentAnalysis,
  window: Window,
  target: number,
  score: (u: Unit) => number,
  allowed: (u: Unit) => boolean = () => true,
): Window {
  const { units } = analysis;
  let { first, last } = window;
  for (;;) {
    const before = units[first.ordinal - 1];
    const after = units[last.ordinal + 1];
    const okBefore = before && before.clauseOrdinal === first.clauseOrdinal && last.end - before.start <= target && allowed(before);
    const okAfter = after && after.clauseOrdinal === last.clauseOrdinal && after.end - first.start <= target && allowed(after);
    if (!okBefore && !okAfter) break;
    if (okBefore && (!okAfter || score(before!) >= score(after!))) first = before!;
    else last = after!;
  }
  return { first, last };
}

/** Ranges (relative to the excerpt) of the words whose terms the question asked about. */
export function highlightsIn(analysis: DocumentAnalysis, window: Window, terms: ScoredTerm[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const asked = new Set<string>();
  for (const t of terms) for (const f of t.forms) asked.add(f.term);
  for (let i = window.first.ordinal; i <= window.last.ordinal; i++) {
    for (const token of analysis.units[i]!.tokens) {
      if (token.term !== null && asked.has(token.term)) out.push([token.start - window.first.start, token.end - window.first.start]);
    }
  }
  return out;
}

export function citationOf(
  analysis: DocumentAnalysis,
  window: Window,
  score: number,
  terms: ScoredTerm[],
  extraHighlights: Array<[number, number]> = [],
): Citation {
  const clause = analysis.clauses[window.first.clauseOrdinal]!.clause;
  const start = window.first.start;
  const end = window.last.end;
  const highlights = [...highlightsIn(analysis, window, terms), ...extraHighlights.filter(([s, e]) => s >= start && e <= end).map(([s, e]) => [s - start, e - start] as [number, number])]
    .sort((a, b) => a[0] - b[0])
    .filter((h, i, all) => i === 0 || h[0] >= all[i - 1]![1]);
  return {
    documentId: analysis.document.id,
    clauseId: clause.id,
    heading: clause.heading,
    excerpt: analysis.document.text.slice(start, end),
    start,
    end,
    score: Math.round(score * 1000) / 1000,
    highlights,
  };
}

/** An excerpt as a person reads it in an answer: line breaks of an address become commas. */
export function readable(excerpt: string): string {
  return excerpt
    // A list item's marker is layout, not text: "…companies: - Acme GmbH" reads "…companies: Acme GmbH".
    .replace(/(^|\n)[ \t]*(?:[-*•+]|\d+[.)])[ \t]+/g, '$1')
    .replace(/\s*\n+\s*/g, (m, offset: number, all: string) => (/[.:;!?]$/.test(all.slice(0, offset)) ? ' ' : ', '))
    .replace(/\s+/g, ' ')
    .trim();
}
