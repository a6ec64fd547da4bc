/**
 * Which sentences the further citations after an answer start from (general.ts,
 * `relatedWindows`). The answer's own sentence comes from the engine's ranking of the clauses the
 * index retrieved; the passages after it are ranked over the whole document, because a question
 * worded unlike the policy (PolicyQA's crowd questions: "Will they disclose my data?" against
 * "We may pass it to our partners") often has its answer in a clause the index ranked low.
 *
 * A sentence's related score adds, each normalised to the document's best:
 * - its plain BM25 score for the question's terms (sentence-bm25.ts), weight 1;
 * - `relatedEngine` × the engine's score (`rankUnits`: text, headings, intent evidence, clause prior);
 * - `relatedTopic` × how well its privacy topics match the question's (topics.ts);
 * - `relatedClause` × the sum of its clause's sentence scores (over the square root of their
 *   number): a sentence in a passage that is about the question as a whole.
 * The weights are fitted (weights.ts). Sentences scoring 0 are never cited.
 */
import type { ResolvedQuestion } from './candidate.ts';
import type { UnitScore } from './scoring.ts';
import { TOPIC_COUNT, topicMatch, topicsOf } from './topics.ts';
import { weights } from './weights.ts';

/** How many of the best sentences `relatedOrder` keeps in order: the citations take two, skipping those already cited. */
const RELATED_CANDIDATES = 12;

export interface RelatedRanking {
  /** Unit ordinals, best related score first: the best `RELATED_CANDIDATES` (fewer when fewer score above 0). */
  order: number[];
  /** Per unit ordinal, its related score (0: not related), for growing a window with its better neighbours. */
  score: Float64Array;
}

/** The document's sentences by related score (see above). */
export function relatedOrder(r: ResolvedQuestion, ranked: readonly UnitScore[], bm25: ReadonlyMap<number, number>): RelatedRanking {
  const { analysis } = r;
  const n = analysis.units.length;
  const score = new Float64Array(n);
  let topBm25 = 0;
  for (const v of bm25.values()) if (v > topBm25) topBm25 = v;
  if (topBm25 > 0) for (const [ordinal, v] of bm25) score[ordinal] = v / topBm25;
  if (weights.relatedEngine > 0 && ranked.length > 0) {
    const topEngine = ranked[0]!.total;
    if (topEngine > 0) for (const s of ranked) if (s.total > 0) score[s.unit.ordinal]! += (weights.relatedEngine * s.total) / topEngine;
  }
  const asked = weights.relatedTopic > 0 ? topicsOf(r.terms.filter((t) => !t.argument).map((t) => t.term)) : [];
  if (asked.length > 0) {
    for (let i = 0; i < n; i++) score[i]! += weights.relatedTopic * topicMatch(analysis.unitTopics, asked, i * TOPIC_COUNT);
  }
  let final = score;
  if (weights.relatedClause > 0) {
    final = Float64Array.from(score);
    const clauseScore = new Float64Array(analysis.clauses.length);
    let top = 0;
    analysis.clauses.forEach((c, i) => {
      let sum = 0;
      for (const o of c.units) sum += score[o]!;
      clauseScore[i] = sum / Math.sqrt(Math.max(1, c.units.length));
      if (clauseScore[i]! > top) top = clauseScore[i]!;
    });
    if (top > 0) for (let i = 0; i < n; i++) if (score[i]! > 0) final[i]! += (weights.relatedClause * clauseScore[analysis.units[i]!.clauseOrdinal]!) / top;
  }
  // The best few by insertion into a short sorted list: a full sort of every sentence would cost more than the rest.
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    if (score[i]! <= 0) continue;
    const v = final[i]!;
    if (order.length === RELATED_CANDIDATES && v <= final[order[RELATED_CANDIDATES - 1]!]!) continue;
    let at = order.length;
    while (at > 0 && final[order[at - 1]!]! < v) at--;
    order.splice(at, 0, i);
    if (order.length > RELATED_CANDIDATES) order.pop();
  }
  return { order, score: final };
}
