/**
 * The numbers that decide which answer wins, in one place (docs/answers.md explains each).
 *
 * `FITTED` are chosen by `scripts/fit-weights.ts` on the development data (the shared gold sets
 * over real policies, the project's gold sets, PolicyQA dev): a small grid per parameter,
 * cross-validated across policies, the simplest value kept when two score alike. Re-run the fit
 * after changing how answers are scored, and paste what it prints here. The others are structural
 * (how many candidates are looked at) or set by reasoning written next to them.
 *
 * `weights` is what the answerer reads; only the fit script changes it, to try values in process.
 */
export interface Weights {
  /** Below this share of its topic covered by the best clause, a question is declined. */
  minCoverage: number;
  /** Weight of the index's clause score (normalised to the best clause) in a sentence's score. */
  clausePrior: number;
  /**
   * Weight of a plain BM25 score of the sentence over the whole document (normalised to the best
   * sentence), in units of the question's mean informativeness. It brings in sentences from
   * clauses the clause index ranked low: a question worded unlike the policy's headings.
   */
  sentenceBm25: number;
  /** How many of the document's best BM25 sentences bring their clause into the ranking. */
  sentenceBm25Clauses: number;
  /** A sentence's choice value is `total × (coverageBase + coverage)`: how much the question's coverage by its clause counts. */
  coverageBase: number;
  /**
   * Factor on the choice value of a sentence that holds what a yes/no question asks (its action
   * or key word): the verdict is read from that sentence, so one that only mentions the object
   * ("we record your IP address" for "can you delete my IP address?") is a worse answer.
   */
  askedFactor: number;
  /** Weight in the decline decision of a question word the domain vocabulary does not know, relative to one it knows. */
  genericCoverage: number;
  /** Factor on the informativeness of a light verb or filler ("get", "put", "apply", "ever"). */
  lightWord: number;
  /** Match weight of another action of the asked action's family ("record" for "store"; verdicts.json), below synonyms. */
  familyWeight: number;
  /**
   * The further citations after the answer's own (related.ts): a sentence's related score is its
   * plain BM25 score over the document (weight 1) plus these, each normalised to the document's best.
   * `relatedEngine`: the engine's sentence score (clause retrieval, headings, intent evidence).
   */
  relatedEngine: number;
  /** … how well the sentence's privacy topics (collection, sharing, choice, …) match the question's. */
  relatedTopic: number;
  /** … the summed scores of the sentence's clause: a passage about the question as a whole. */
  relatedClause: number;
  /** Characters a further citation grows to with neighbouring sentences of its clause (0: the sentence alone). */
  relatedLength: number;
}

export const FITTED: Readonly<Weights> = {
  minCoverage: 0.5,
  clausePrior: 1,
  sentenceBm25: 0,
  sentenceBm25Clauses: 2,
  coverageBase: 1,
  askedFactor: 1,
  genericCoverage: 0.5,
  lightWord: 1,
  familyWeight: 0.4,
  relatedEngine: 0,
  relatedTopic: 0.5,
  relatedClause: 0.3,
  relatedLength: 400,
};

export const weights: Weights = { ...FITTED };

/** BM25's term-frequency saturation and length normalisation for the sentence score (the usual values; sentences have tf 1). */
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;
