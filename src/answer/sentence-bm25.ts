/**
 * A plain BM25 score of every sentence of a document for the question's terms: no clause
 * retrieval in front of it, no intent evidence. Blended into the sentence ranking (weights.ts:
 * `sentenceBm25`), it finds the sentence that answers a question worded unlike the policy's
 * headings, in a clause the clause index ranked low.
 */
import type { DocumentAnalysis } from './document-analysis.ts';
import type { ScoredTerm } from './scoring.ts';
import { BM25_B, BM25_K1 } from './weights.ts';

/**
 * Unit ordinal → BM25 score, for the units that hold at least one of the terms. `matches`:
 * `unitMatchWeights(analysis, terms)` (each term's best form weight in each sentence).
 */
export function sentenceScores(analysis: DocumentAnalysis, terms: readonly ScoredTerm[], matches: Float64Array): Map<number, number> {
  const out = new Map<number, number>();
  const n = terms.length;
  if (n === 0) return out;
  const avg = analysis.meanUnitTerms;
  for (const u of analysis.units) {
    const base = u.ordinal * n;
    let score = 0;
    for (let i = 0; i < n; i++) {
      const w = matches[base + i]!;
      if (w > 0) score += w * terms[i]!.idf;
    }
    if (score <= 0) continue;
    // Terms are a set per sentence (tf 1): BM25's length normalisation is all that remains of tf.
    score *= (BM25_K1 + 1) / (1 + BM25_K1 * (1 - BM25_B + (BM25_B * u.terms.size) / avg));
    out.set(u.ordinal, score);
  }
  return out;
}
