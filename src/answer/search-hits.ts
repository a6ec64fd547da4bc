/**
 * Clause search for people (support agents, `GET /v1/search`): ranked clauses, each with the
 * sentence that best matches the terms as its excerpt and the matched words' ranges.
 */
import type { ClauseIndex } from '../search/clause-index.ts';
import { documentAnalysis } from './analysis-store.ts';
import { parseQuery } from '../search/query.ts';

export interface SearchHit {
  documentId: string;
  clauseId: string;
  heading: string;
  score: number;
  /** The best-matching sentence of the clause, verbatim: `text.slice(start, end)`. */
  excerpt: string;
  start: number;
  end: number;
  /** Matched words, relative to `excerpt`. */
  highlights: Array<[number, number]>;
}

export function searchClauses(index: ClauseIndex, q: string, options: { documentId?: string; limit?: number } = {}): SearchHit[] {
  const limit = options.limit ?? 10;
  const query = parseQuery(q, { corrector: index.corrector, knows: (t) => index.hasTerm(t) });
  const weights = new Map(query.terms.map((t) => [t.term, t.weight]));
  const hits: SearchHit[] = [];
  for (const found of index.retrieve(query.terms, { documentId: options.documentId, limit })) {
    const analysis = documentAnalysis(index, found.documentId);
    const info = analysis?.clauses[found.clauseOrdinal];
    if (!analysis || !info) continue;
    let bestUnit = info.units.length ? analysis.units[info.units[0]!]! : undefined;
    let bestScore = -1;
    for (const u of info.units) {
      const unit = analysis.units[u]!;
      let s = 0;
      for (const t of unit.terms) s += weights.get(t) ?? 0;
      if (s > bestScore) {
        bestScore = s;
        bestUnit = unit;
      }
    }
    const span = bestUnit ?? info.clause.headingSpan ?? { start: info.clause.start, end: info.clause.end };
    const tokens = bestUnit?.tokens ?? [];
    hits.push({
      documentId: found.documentId,
      clauseId: info.clause.id,
      heading: info.clause.heading,
      score: Math.round(found.score * 1000) / 1000,
      excerpt: analysis.document.text.slice(span.start, span.end),
      start: span.start,
      end: span.end,
      highlights: tokens.filter((t) => t.term !== null && weights.has(t.term)).map((t) => [t.start - span.start, t.end - span.start]),
    });
  }
  return hits;
}
