/**
 * Scoring sentences against a question. Pure functions over precomputed term sets, documented
 * so that a ranking change can be reasoned about (and pinned by the ranking tests).
 */
import { pairKey, type ClauseAnalysis, type DocumentAnalysis, type Unit } from './document-analysis.ts';
import type { QueryTerm } from '../search/query.ts';
import { isVocabularyTerm, relatedTerms } from '../search/vocabulary.ts';
import { actionFamily, isActionTerm, isLightTerm } from './verdict.ts';
import { weights } from './weights.ts';

/** Two stems sharing this many first letters are forms of one word (`complain`/`complaint`), not synonyms. */
const SAME_WORD_PREFIX = 6;

function sameWord(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  return n >= SAME_WORD_PREFIX - 1 && a.slice(0, Math.max(SAME_WORD_PREFIX - 1, n - 1)) === b.slice(0, Math.max(SAME_WORD_PREFIX - 1, n - 1));
}

/**
 * How much a term says, from how many passages (sentences and headings) of the document contain
 * it (BM25's idf): `ln(1 + (N - df + 0.5) / (df + 0.5))`. A term the document never uses weighs
 * `UNSEEN_PREMIUM` more than one it uses once: a question about it is about something else.
 */
export function informativeness(df: number, passages: number, premium = UNSEEN_PREMIUM): number {
  if (df <= 0) return informativeness(1, passages) + premium;
  return Math.log(1 + (passages - df + 0.5) / (df + 0.5));
}

/**
 * How much more an unseen word weighs than a word seen once. A privacy topic the vocabulary knows
 * (`cookies`, `sell`) and the policy never mentions says the question is about something else;
 * an unknown word (`split`, a name, a foreign verb) says less.
 */
export const UNSEEN_PREMIUM = 1.5;
export const UNSEEN_PREMIUM_UNKNOWN_WORD = 0.5;

/** One of the user's terms with the forms that count as a match, and its informativeness. */
export interface ScoredTerm {
  term: string;
  /** The term and its related forms with their match weights (1 for the term itself). */
  forms: Array<{ term: string; weight: number }>;
  idf: number;
  /** Whether the term is an argument (a country or entity name) rather than the topic. */
  argument: boolean;
  /**
   * Whether the term names a topic of the privacy domain (the vocabulary knows it): a question
   * hinges on those. A generic word the policy happens not to use ("mishandles", "involved")
   * weighs less in the decision to decline (`genericCoverage`).
   */
  topical?: boolean;
}

export function scoredTerms(
  core: QueryTerm[],
  analysis: DocumentAnalysis,
  isArgument: (term: string) => boolean,
): ScoredTerm[] {
  const n = analysis.passageCount;
  return core.map((c) => {
    const forms = [
      { term: c.term, weight: 1 },
      ...(c.forms ?? []).map((term) => ({ term, weight: 0.9 })),
      ...relatedTerms(c.term).map((r) => ({ term: r.term, weight: sameWord(c.term, r.term) ? Math.max(r.weight, 0.9) : r.weight })),
    ];
    // A phrase the word is part of ("credit card") brings the synonyms of the concept it stands
    // for ("payment"), as a typed word brings its own; not when that concept is a word the question
    // typed itself ("legal basis" stands for `basis`, whose synonym "based" is no form of "legal").
    for (const phrase of c.forms ?? []) {
      if (core.some((o) => o.term === phrase)) continue;
      for (const r of relatedTerms(phrase)) if (!forms.some((f) => f.term === r.term)) forms.push({ term: r.term, weight: r.weight });
    }
    // Actions of one family ("record" for "store") stand in for each other, more weakly than synonyms.
    for (const term of actionFamily(c.term)) if (!forms.some((f) => f.term === term)) forms.push({ term, weight: weights.familyWeight });
    // A term the document never writes, but whose synonyms it does, is as common as its most
    // common synonym: the concept is there, under another name.
    let df = analysis.unitFrequency.get(c.term) ?? 0;
    if (df === 0) {
      for (const f of forms) if (f.weight >= 0.5) df = Math.max(df, analysis.unitFrequency.get(f.term) ?? 0);
    }
    const premium = isVocabularyTerm(c.term) ? UNSEEN_PREMIUM : UNSEEN_PREMIUM_UNKNOWN_WORD;
    // A light verb ("get", "put", "goes") says little about what is asked, however rare in the policy.
    const light = isLightTerm(c.term) ? weights.lightWord : 1;
    return {
      term: c.term,
      forms,
      idf: informativeness(df, n, premium) * c.weight * light,
      argument: isArgument(c.term),
      topical: isVocabularyTerm(c.term) || isActionTerm(c.term),
    };
  });
}

/**
 * `matchWeight` of every question term in every sentence of the document, read in one pass over
 * the sentences' own terms (a few each) rather than by testing every form of every question term
 * against every sentence: the weight of term i in the unit of ordinal u is at `u * terms.length + i`.
 * Built once per question and document (`ResolvedQuestion.unitMatches`); every stage that weighs
 * sentences for the question reads it.
 */
export function unitMatchWeights(analysis: DocumentAnalysis, terms: readonly ScoredTerm[]): Float64Array {
  const n = terms.length;
  const out = new Float64Array(analysis.units.length * n);
  if (n === 0) return out;
  // Every form of every question term, with the term it counts for.
  const formsOf = new Map<string, Array<{ at: number; weight: number }>>();
  terms.forEach((t, at) => {
    for (const f of t.forms) {
      const list = formsOf.get(f.term);
      if (list) list.push({ at, weight: f.weight });
      else formsOf.set(f.term, [{ at, weight: f.weight }]);
    }
  });
  for (const u of analysis.units) {
    const base = u.ordinal * n;
    for (const term of u.terms) {
      const hits = formsOf.get(term);
      if (!hits) continue;
      for (const h of hits) if (h.weight > out[base + h.at]!) out[base + h.at] = h.weight;
    }
  }
  return out;
}

/** The best weight with which any form of the term occurs in the set (0 when none does). */
export function matchWeight(term: ScoredTerm, terms: ReadonlySet<string>): number {
  let best = 0;
  for (const f of term.forms) if (f.weight > best && terms.has(f.term)) best = f.weight;
  return best;
}

export interface UnitScore {
  unit: Unit;
  /** Σ idf × match weight of the question's terms found in the sentence itself. */
  textScore: number;
  /** The same for terms found only in the clause's heading or the headings above it (half weight). */
  headingScore: number;
  /** Added by the answerer for intent evidence (an address for "who do I contact", a period for "how long"). */
  bonus: number;
  total: number;
  /** The question terms the sentence (with its headings) matched. */
  matched: Set<string>;
}

/** Bonus for two question words adjacent in a sentence, as a share of their mean informativeness. */
export const PAIR_FACTOR = 0.5;

/** Headings count half: they say what a sentence is about, not what it says. */
export const HEADING_FACTOR = 0.5;

/** Per sentence, the terms it holds only under a "non-" prefix ("non-encrypted"), or null when none. */
const prefixedOnly = new WeakMap<Unit, ReadonlySet<string> | null>();

/**
 * Terms a sentence holds only as their opposite: "non-encrypted data" is not encrypted data, so
 * it does not match "encrypted" (see also `askedSpans`, which gives such a sentence no verdict).
 */
export function negatedTerms(unit: Unit): ReadonlySet<string> | null {
  let found = prefixedOnly.get(unit);
  if (found === undefined) {
    const tokens = unit.tokens;
    const under = new Set<string>();
    const plain = new Set<string>();
    tokens.forEach((t, i) => {
      if (t.term === null) return;
      const prev = tokens[i - 1];
      if (prev && prev.word === 'non' && prev.end + 1 === t.start) under.add(t.term);
      else plain.add(t.term);
    });
    for (const term of plain) under.delete(term);
    found = under.size > 0 ? under : null;
    prefixedOnly.set(unit, found);
  }
  return found;
}

/** `matchWeight` in a sentence, not counting words it holds only as their opposite ("non-encrypted"). */
function matchInUnit(term: ScoredTerm, unit: Unit): number {
  const negated = negatedTerms(unit);
  if (!negated) return matchWeight(term, unit.terms);
  let best = 0;
  for (const f of term.forms) if (f.weight > best && unit.terms.has(f.term) && !negated.has(f.term)) best = f.weight;
  return best;
}

/** The `pairKey` of each two neighbouring question terms (the i-th for terms i and i + 1), to be built once per question. */
export function termPairKeys(terms: readonly ScoredTerm[]): string[] {
  const keys: string[] = [];
  for (let i = 0; i + 1 < terms.length; i++) keys.push(pairKey(terms[i]!.term, terms[i + 1]!.term));
  return keys;
}

/**
 * How well each term matches a clause's headings (its own at full weight, those above it at 0.8),
 * the heading part of `scoreUnit`: the same for every sentence of the clause.
 */
export function headingMatchWeights(terms: readonly ScoredTerm[], clause: ClauseAnalysis): number[] {
  return terms.map((t) => headingMatch(t, clause));
}

/** How well one term matches a clause's headings (see `headingMatchWeights`). */
function headingMatch(t: ScoredTerm, clause: ClauseAnalysis): number {
  return Math.max(matchWeight(t, clause.headingTerms), matchWeight(t, clause.contextTerms) * 0.8);
}

/**
 * `pairKeys`: `termPairKeys(terms)`, when the caller scores many sentences for the same terms;
 * `matches`: `unitMatchWeights` of the terms, and `headings`: `headingMatchWeights` of the
 * unit's clause, when the caller has them.
 */
export function scoreUnit(
  unit: Unit,
  clause: ClauseAnalysis,
  terms: ScoredTerm[],
  pairKeys: readonly string[] = termPairKeys(terms),
  matches?: Float64Array,
  headings?: readonly number[],
): UnitScore {
  let textScore = 0;
  let headingScore = 0;
  const matched = new Set<string>();
  // The table holds `matchWeight`; a sentence with "non-" words needs `matchInUnit`.
  const table = matches !== undefined && negatedTerms(unit) === null ? matches : undefined;
  const base = unit.ordinal * terms.length;
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i]!;
    const inText = table ? table[base + i]! : matchInUnit(t, unit);
    if (inText > 0) {
      textScore += inText * t.idf;
      matched.add(t.term);
      continue;
    }
    const inHeading = headings ? headings[i]! : headingMatch(t, clause);
    if (inHeading > 0) {
      headingScore += HEADING_FACTOR * inHeading * t.idf;
      matched.add(t.term);
    }
  }
  // Two of the question's words side by side ("location data", "credit card") are phrase evidence.
  for (let i = 0; i + 1 < terms.length; i++) {
    const a = terms[i]!;
    const b = terms[i + 1]!;
    if (unit.pairs.has(pairKeys[i]!)) textScore += PAIR_FACTOR * (a.idf + b.idf) / 2;
  }
  return { unit, textScore, headingScore, bonus: 0, total: textScore + headingScore, matched };
}

/**
 * Share of the question's topic a clause covers: the squared informativeness of the topic terms
 * found anywhere in the clause (body or headings), over that of all topic terms. Squaring lets the
 * one rare word a question hinges on ("cookies") outweigh two common ones it shares with the
 * clause. Arguments (the country or company asked about) are left out: "the weather in Tokyo" is
 * not covered by Tokyo's address. `satisfied` terms are covered by evidence rather than by
 * repetition: a sentence with a period answers "how long … keep".
 */
export function topicCoverage(
  terms: ScoredTerm[],
  clause: ClauseAnalysis,
  analysis: DocumentAnalysis,
  satisfied: ReadonlySet<string> = new Set(),
  matched: readonly number[] = clauseMatchWeights(terms, clause, analysis),
): number {
  // Light verbs ("get", "goes") carry no topic: a policy need not use them to answer.
  const topic = terms.filter(isTopicTerm);
  const weightOf = (t: ScoredTerm) => t.idf * t.idf * (t.topical === false ? weights.genericCoverage : 1);
  const total = topic.reduce((s, t) => s + weightOf(t), 0);
  if (total === 0) return terms.length > 0 ? 1 : 0;
  let covered = 0;
  terms.forEach((t, i) => {
    if (!isTopicTerm(t)) return;
    covered += (satisfied.has(t.term) ? 1 : matched[i]!) * weightOf(t);
  });
  return covered / total;
}

function isTopicTerm(t: ScoredTerm): boolean {
  return !t.argument && !isLightTerm(t.term);
}

/**
 * How well each topic term of the question is matched anywhere in the clause (its headings or any
 * of its sentences; NaN for the other terms): the part of `topicCoverage` that does not depend on
 * the evidence, built once per clause when several of its sentences are weighed for one question.
 */
export function clauseMatchWeights(terms: readonly ScoredTerm[], clause: ClauseAnalysis, analysis: DocumentAnalysis, matches?: Float64Array): number[] {
  const n = terms.length;
  return terms.map((t, i) => {
    if (!isTopicTerm(t)) return Number.NaN;
    let w = Math.max(matchWeight(t, clause.headingTerms), matchWeight(t, clause.contextTerms));
    for (const u of clause.units) {
      if (w >= 1) break;
      w = Math.max(w, matches ? matches[u * n + i]! : matchWeight(t, analysis.units[u]!.terms));
    }
    return w;
  });
}
