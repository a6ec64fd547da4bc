/**
 * What every answering strategy (transfer, entity, general retrieval) works from and returns.
 */
import type { DocumentAnalysis } from './document-analysis.ts';
import type { QuestionAnalysis } from './question.ts';
import type { ScoredTerm } from './scoring.ts';
import type { DocumentFacts } from './document-facts.ts';
import type { Citation, Verdict } from './types.ts';
import type { Intent } from './question.ts';
import type { FactsAsked } from './model/asked.ts';
import type { PolicyModel } from './model/types.ts';

/** A question resolved against its conversation and one document. */
export interface ResolvedQuestion {
  question: QuestionAnalysis;
  analysis: DocumentAnalysis;
  facts: DocumentFacts;
  terms: ScoredTerm[];
  intents: Set<Intent>;
  /** Target countries (ISO alpha-2), names before adjectives. */
  countries: string[];
  yesNo: boolean;
  /** Entity name carried from the previous turn for a pronoun ("their address"). */
  carriedEntity: string | null;
  /** Clause ordinals of the document ranked by the index (best first), with their BM25 scores. */
  retrieved: Map<number, number>;
  /** The document's policy model (built at indexing time, src/answer/model/). */
  model: PolicyModel;
  /** Which facts of the model the question asks for; `missingFact(model, asked)` is a strong "the policy does not say". */
  asked: FactsAsked;
  /** Evidence found per unit ordinal for this question, computed once (see general.ts). */
  evidence: Map<number, Map<Evidence, number>>;
  /** `unitMatchWeights(analysis, terms)`: every term's match in every sentence, built on first use. */
  unitMatches(): Float64Array;
}

/** What a sentence can show for a question: an intent's evidence, the country asked about, or both head words. */
export type Evidence = Intent | 'country' | 'head';

/** An answer in the making, with what is needed to compare it with another document's. */
export interface Candidate {
  documentId: string;
  text: string;
  answerable: boolean;
  verdict: Verdict | null;
  confidence: number;
  citations: Citation[];
  /** For choosing between documents: how well this document answers. */
  strength: number;
  /** What the next turn may need. */
  entity: string | null;
}
