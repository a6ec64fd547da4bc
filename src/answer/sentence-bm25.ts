/**
 * A plain BM25 score of every sentence of a document for the question's terms: no clause
 * retrieval in front of it, no intent evidence. Blended into the sentence ranking (weights.ts:
 * `sentenceBm25`), it finds the sentence that answers a question worded unlike the policy's
 * headings, in a clause the clause index ranked low.
 */
import type { DocumentAnalysis } from './document-analysis.ts';
import type { ScoredTerm } from './scoring.ts';
import { BM25_B, BM25_K1 } from './weights.ts';

/** Unit ordinal → BM25 score, for the units that hold at least one of the terms. */
export function sentenceScores(analysis: DocumentAnalysis, terms: readonly ScoredTerm[]): Map<number, number> {
  const out = new Map<number, number>();
  if (terms.length === 0) return out;
  const avg = analysis.meanUnitTerms;
  // Every form of every question term, with the term it counts for: each sentence's own terms are
  // looked up once, rather than every form of the question in every sentence of the document.
  const formsOf = new Map<string, Array<{ at: number; weight: number }>>();
  terms.forEach((t, at) => {
    for (const f of t.forms) {
      const list = formsOf.get(f.term);
      if (list) list.push({ at, weight: f.weight });
      else formsOf.set(f.term, [{ at, weight: f.weight }]);
    }
  });
  // Per question term, the best weight of its forms in the sentence (`matchWeight`).
  const best = new Float64Array(terms.length);
  for (const u of analysis.units) {
    let found = false;
    for (const term of u.terms) {
      const hits = formsOf.get(term);
      if (!hits) continue;
      for (const h of hits) {
        if (h.weight > best[h.at]!) {
          best[h.at] = h.weight;
          found = true;
        }
      }
    }
    if (!found) continue;
    let score = 0;
    for (let i = 0; i < terms.length; i++) {
      const w = best[i]!;
      if (w > 0) score += w * terms[i]!.idf;
      best[i] = 0;
    }
    if (score <= 0) continue;
    // Terms are a set per sentence (tf 1): BM25's length normalisation is all that remains of tf.
    score *= (BM25_K1 + 1) / (1 + BM25_K1 * (1 - BM25_B + (BM25_B * u.terms.size) / avg));
    out.set(u.ordinal, score);
  }
  return out;
}
