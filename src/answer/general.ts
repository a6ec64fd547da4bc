/**
 * The general path: rank the sentences of the clauses the index retrieved, with bonuses for the
 * evidence the question's intent calls for, and decide from coverage whether the policy answers.
 */
import type { ClauseAnalysis, Unit } from './document-analysis.ts';
import type { Candidate, Evidence, ResolvedQuestion } from './candidate.ts';
import { citationOf, fill, readable, widen, type Window } from './excerpt.ts';
import { clauseMatchWeights, headingMatchWeights, negatedTerms, scoreUnit, termPairKeys, topicCoverage, type ScoredTerm, type UnitScore } from './scoring.ts';
import { askedSpans, askedTerm, verdictLead, verdictOf } from './verdict.ts';
import { weights } from './weights.ts';
import { sentenceScores } from './sentence-bm25.ts';
import { relatedOrder, type RelatedRanking } from './related.ts';
import type { Citation } from './types.ts';
import type { Intent } from './question.ts';
import { termsOf } from '../text/analyze.ts';
import { questionWords } from '../vocabulary/vocabulary.ts';
import { say } from './phrases.ts';

/** Per intent, the stems of the words that only ask for it (`how long`, `address`). */
const INTENT_WORDS = new Map<Intent, Set<string>>(
  Object.entries(questionWords.intentWords).map(([intent, words]) => [intent as Intent, new Set(words.flatMap((w) => termsOf(w)))]),
);

/** How many retrieved clauses have their sentences ranked. */
export const CLAUSES_RANKED = 8;
/** How many passages are cited after the answer's own. */
export const RELATED_CITATIONS = 2;
/** Score factor for sentences inside text the linter flagged `off_topic_text`. */
export const OFF_TOPIC_FACTOR = 0.2;
/** How many of the best-ranked sentences compete on coverage for the answer. */
export const COVERAGE_CANDIDATES = 8;

import { featuresOf } from './unit-features.ts';

function unitText(r: ResolvedQuestion, u: Unit): string {
  return r.analysis.document.text.slice(u.start, u.end);
}


/**
 * The evidence a sentence holds for each of the question's intents, with its bonus in units of
 * the question's mean term informativeness: an e-mail or postal address for "who do I contact",
 * a period for "how long", a legal-basis phrase for "on what basis", and so on.
 */
function intentEvidence(r: ResolvedQuestion, u: Unit): Map<Evidence, number> {
  let found = r.evidence.get(u.ordinal);
  if (found) return found;
  found = new Map<Evidence, number>();
  const f = featuresOf(r.analysis, u);
  const postal = r.facts.postalUnits.has(u.ordinal);
  const channel = (f.email ? 1.2 : 0) + (postal ? 1.2 : 0) + (f.phone ? 0.8 : 0) + (f.contactWords ? 0.4 : 0);
  const listed = u.kind === 'list-item' ? 0.8 : 0;
  if (r.intents.has('contact') && channel > 0) found.set('contact', channel - listed);
  // "What is your address?" asks for a postal address, not for an e-mail or a sentence naming one.
  if (r.intents.has('address') && postal) found.set('address', 2 - listed);
  // "Where is the company based?" is answered by an address too.
  if (r.intents.has('location') && postal) found.set('location', 1.5 - listed);
  if (r.intents.has('procedure') && channel > 0) found.set('procedure', Math.min(channel, 1.2));
  if (r.intents.has('retention') && f.duration) found.set('retention', 1.5);
  if (r.intents.has('legalBasis') && f.legalBasis) found.set('legalBasis', 1);
  if (r.intents.has('purpose') && f.purpose) found.set('purpose', 0.5);
  if (r.intents.has('definition') && f.definition) found.set('definition', 0.6);
  if (r.intents.has('consequence') && f.conditionalStart) found.set('consequence', 1.6);
  if (r.intents.has('comparison') && f.comparative) found.set('comparison', 1);
  if (r.intents.has('categories') && f.enumeration) found.set('categories', 1);
  if (r.countries.length > 0 && r.facts.unitCountries[u.ordinal]!.some((m) => r.countries.includes(m.code))) found.set('country', 1);
  // A question's first two topic words carry its proposition ("does the GDPR apply", "why … share"):
  // a sentence with both is about the question, not merely near it.
  const head = r.terms.filter((t) => !t.argument).slice(0, 2);
  if (head.length === 2) {
    const matches = r.unitMatches();
    const base = u.ordinal * r.terms.length;
    if (head.every((t) => matches[base + r.terms.indexOf(t)]! > 0)) found.set('head', 0.8);
  }
  r.evidence.set(u.ordinal, found);
  return found;
}

function intentBonus(r: ResolvedQuestion, u: Unit): number {
  let bonus = 0;
  for (const v of intentEvidence(r, u).values()) bonus += v;
  return bonus;
}

/** Question words answered by the evidence in these sentences rather than by repeating them. */
function satisfiedTerms(r: ResolvedQuestion, units: Unit[]): Set<string> {
  const out = new Set<string>();
  for (const u of units) {
    // "Where are your servers located?" is answered by a place: a sentence naming a country
    // ("servers in Frankfurt, Germany") covers "where … located" in the decision to decline
    // (it earns no ranking bonus: a postal address is the evidence that ranks).
    if (r.intents.has('location') && r.facts.unitCountries[u.ordinal]!.length > 0) for (const t of INTENT_WORDS.get('location') ?? []) out.add(t);
    for (const [intent, v] of intentEvidence(r, u)) {
      if (v > 0 && intent !== 'country' && intent !== 'head') for (const t of INTENT_WORDS.get(intent) ?? []) out.add(t);
    }
  }
  return out;
}

/** The question's plain BM25 sentence scores over the document, computed once per resolved question. */
const bm25Scores = new WeakMap<ResolvedQuestion, Map<number, number>>();
function bm25Of(r: ResolvedQuestion): Map<number, number> {
  let scores = bm25Scores.get(r);
  if (!scores) bm25Scores.set(r, (scores = sentenceScores(r.analysis, r.terms, r.unitMatches())));
  return scores;
}

export function rankUnits(r: ResolvedQuestion): UnitScore[] {
  const { analysis } = r;
  const topPrior = Math.max(...r.retrieved.values(), 1e-9);
  const meanIdf = r.terms.length ? r.terms.reduce((s, t) => s + t.idf, 0) / r.terms.length : 1;
  const scores: UnitScore[] = [];
  const askedTerms = new Set(r.terms.map((t) => t.term));
  // The clauses of the document's best sentences by plain BM25 join the clauses the index retrieved.
  const matches = r.unitMatches();
  const bm25 = weights.sentenceBm25 > 0 || weights.sentenceBm25Clauses > 0 ? bm25Of(r) : new Map<number, number>();
  const topBm25 = Math.max(...bm25.values(), 1e-9);
  const clauses = new Map(r.retrieved);
  const pairKeys = termPairKeys(r.terms);
  if (weights.sentenceBm25Clauses > 0) {
    const best = [...bm25].sort((a, b) => b[1] - a[1]).slice(0, weights.sentenceBm25Clauses);
    for (const [ordinal] of best) {
      const c = analysis.units[ordinal]!.clauseOrdinal;
      if (!clauses.has(c)) clauses.set(c, 0);
    }
  }
  for (const [clauseOrdinal, prior] of clauses) {
    const clause = analysis.clauses[clauseOrdinal]!;
    const headings = headingMatchWeights(r.terms, clause);
    const clauseScores = clause.units.map((ordinal) => scoreUnit(analysis.units[ordinal]!, clause, r.terms, pairKeys, matches, headings));
    const clauseMatches = clauseScores.some((s) => s.textScore > 0);
    for (const s of clauseScores) {
      const unit = s.unit;
      // Evidence amplifies relevance but does not create it: full weight for a sentence that
      // matches the question, half for one whose clause does, none otherwise.
      // (Whether its evidence answers what was asked is read only for a sentence that does not match.)
      const answersAsked = () => [...satisfiedTerms(r, [unit])].some((t) => askedTerms.has(t));
      const relevance = s.textScore > 0 || answersAsked() ? 1 : s.headingScore > 0 || clauseMatches ? 0.5 : 0;
      s.bonus = relevance * intentBonus(r, unit) * meanIdf;
      s.total =
        s.textScore +
        s.headingScore +
        s.bonus +
        weights.clausePrior * meanIdf * (prior / topPrior) +
        weights.sentenceBm25 * meanIdf * ((bm25.get(unit.ordinal) ?? 0) / topBm25);
      // Text the linter found off-topic (marketing pasted into the policy) is not what the policy says.
      if (r.facts.offTopicUnits.has(unit.ordinal)) s.total *= OFF_TOPIC_FACTOR;
      scores.push(s);
    }
  }
  return scores.sort((a, b) => b.total - a.total);
}

/**
 * The sentence to answer from: among the best-ranked, the one whose score, weighted by how much
 * of the question its clause covers, is highest. A sentence that matches one common word of the
 * question in a well-ranked clause loses to one that matches the word the question hinges on.
 */
/** Terms of the words a question capitalises after its first word: names ("Acme Cloud"), not what it asks. */
function capitalisedTerms(r: ResolvedQuestion): Set<string> {
  const { text, tokens } = r.question.query;
  const out = new Set<string>();
  for (const t of tokens.slice(1)) if (t.term && /^\p{Lu}/u.test(text.slice(t.start, t.end)) && !/[.?!]\s*$/.test(text.slice(0, t.start))) out.add(t.term);
  return out;
}

interface Choice {
  best: UnitScore;
  coverage: number;
  /** What the choice maximises; also the citation's `score`, so citations sort best first. */
  value: number;
}

/** True when the sentence holds a word of the question only as its opposite ("non-encrypted"). */
function opposes(r: ResolvedQuestion, u: Unit): boolean {
  return r.terms.some((t) => !t.argument && (negatedTerms(u)?.has(t.term) ?? false));
}

/** True when the sentence holds the thing a yes/no question asks about (see `askedTerm`). */
function holdsAsked(asked: ScoredTerm | null, u: Unit): boolean {
  return asked !== null && askedSpans(asked, u) !== null;
}

/** Like `holdsAsked`, and a list item under an introducing sentence that holds it ("We do not keep: … Health records"). */
function statesAsked(r: ResolvedQuestion, asked: ScoredTerm, u: Unit): boolean {
  if (holdsAsked(asked, u)) return true;
  const intro = leadInOf(r, u);
  return intro !== null && holdsAsked(asked, intro);
}

/** `clauseMatchWeights` of the question's terms per clause, each clause's built once for the question. */
interface ClauseMatches {
  of(clause: ClauseAnalysis): readonly number[];
}

function clauseMatches(r: ResolvedQuestion): ClauseMatches {
  const byClause = new Map<number, number[]>();
  return {
    of(clause) {
      let matched = byClause.get(clause.ordinal);
      if (!matched) byClause.set(clause.ordinal, (matched = clauseMatchWeights(r.terms, clause, r.analysis, r.unitMatches())));
      return matched;
    },
  };
}

/** A sentence's choice value: its score, weighted by how much of the question its clause covers. */
function choiceValue(r: ResolvedQuestion, s: UnitScore, asked: ScoredTerm | null, matches: ClauseMatches): Choice {
  const clause = r.analysis.clauses[s.unit.clauseOrdinal]!;
  const coverage = topicCoverage(r.terms, clause, r.analysis, satisfiedTerms(r, [s.unit]), matches.of(clause));
  const askedFactor = r.yesNo && holdsAsked(asked, s.unit) ? weights.askedFactor : 1;
  return { best: s, coverage, value: s.total * (weights.coverageBase + coverage) * askedFactor };
}

/**
 * The sentence to answer from: among the best-ranked, the one whose score, weighted by how much
 * of the question its clause covers, is highest. A sentence that matches one common word of the
 * question in a well-ranked clause loses to one that matches the word the question hinges on.
 */
function chooseBest(r: ResolvedQuestion, ranked: UnitScore[], asked: ScoredTerm | null, choiceOf: (s: UnitScore) => Choice): Choice | null {
  // A yes/no question is answered by a sentence that states or denies what it asks, when one of
  // the candidates does ("We set no tracking cookies", not the list of data
  // collected during a visit); the others answer only when none does.
  // (Only when the best sentence answers at all: the preference never turns a decline into an
  // answer; and a stating sentence whose clause covers too little of the question stays out.)
  const candidates = ranked.slice(0, COVERAGE_CANDIDATES).filter((s) => s.textScore + s.headingScore + s.bonus > 0);
  const valued = candidates.map(choiceOf);
  const highest = (choices: Choice[]) => choices.reduce<Choice | null>((b, c) => (!b || c.value > b.value ? c : b), null);
  const top = highest(valued);
  const answers = top !== null && top.coverage >= weights.minCoverage;
  const stating = r.yesNo && asked && answers ? valued.filter((c) => c.coverage >= weights.minCoverage && statesAsked(r, asked, c.best.unit) && !opposes(r, c.best.unit)) : [];
  return stating.length > 0 ? highest(stating) : top;
}

/**
 * The passages cited after the answer's own: the sentences first in the related order (related.ts: ranked
 * over the whole document, not only the retrieved clauses) outside the windows already cited —
 * the answer's own clause too, since a long clause often holds the answer in another of its
 * sentences. Each grows to about `relatedLength` characters (weights.ts) with its better-scoring
 * neighbours of the same clause, never into a window already cited. Ordered by their value, best
 * first.
 */
export function relatedWindows(
  r: ResolvedQuestion,
  { order, score }: RelatedRanking,
  answer: Window,
  valueOf: (u: Unit) => number,
  count = RELATED_CITATIONS,
): Array<{ span: Window; value: number }> {
  const { analysis } = r;
  const cited = new Set<number>();
  const cite = (w: Window) => {
    for (let i = w.first.ordinal; i <= w.last.ordinal; i++) cited.add(i);
  };
  cite(answer);
  const fillScore = (u: Unit) => score[u.ordinal]!;
  const uncited = (u: Unit) => !cited.has(u.ordinal);
  const out: Array<{ span: Window; value: number }> = [];
  for (const ordinal of order) {
    if (out.length >= count) break;
    if (cited.has(ordinal)) continue;
    const unit = analysis.units[ordinal]!;
    let span = widen(analysis, unit);
    // Widening may reach into a cited window (a sentence opening with "It" takes the one before): then the sentence alone.
    for (let i = span.first.ordinal; i <= span.last.ordinal; i++) if (cited.has(i)) span = { first: unit, last: unit };
    if (weights.relatedLength > 0) span = fill(analysis, span, weights.relatedLength, fillScore, uncited);
    cite(span);
    out.push({ span, value: valueOf(unit) });
  }
  return out.sort((a, b) => b.value - a.value);
}

/** Longest introducing sentence an answer text repeats before its list item. */
const MAX_LEAD_IN = 200;

/**
 * The sentence that introduces a list item ("We do not keep:"): the sentence
 * before the item's list in the same clause, when it ends with a colon; else null.
 */
function leadInOf(r: ResolvedQuestion, u: Unit): Unit | null {
  if (u.kind !== 'list-item') return null;
  for (let i = u.ordinal - 1; i >= 0; i--) {
    const p = r.analysis.units[i]!;
    if (p.clauseOrdinal !== u.clauseOrdinal) return null;
    if (p.kind === 'list-item') continue;
    const text = unitText(r, p);
    return /:\s*$/.test(text) && text.length <= MAX_LEAD_IN ? p : null;
  }
  return null;
}

export function answerGeneral(r: ResolvedQuestion): Candidate | null {
  const { analysis } = r;
  const ranked = rankUnits(r);
  if (!ranked.some((s) => s.textScore + s.headingScore > 0)) return null;
  const asked = r.yesNo ? askedTerm(r.terms, capitalisedTerms(r), new Set(r.question.query.core.map((c) => c.term))) : null;
  const matches = clauseMatches(r);
  // A sentence's choice value, computed once (the related citations weigh the candidates again).
  const choices = new Map<UnitScore, Choice>();
  const choiceOf = (s: UnitScore): Choice => {
    let c = choices.get(s);
    if (!c) choices.set(s, (c = choiceValue(r, s, asked, matches)));
    return c;
  };
  const chosen = chooseBest(r, ranked, asked, choiceOf);
  if (!chosen) return null;
  const { best } = chosen;
  const clause = analysis.clauses[best.unit.clauseOrdinal]!;
  const text = unitText(r, best.unit);

  const unitScore = new Map(ranked.map((x) => [x.unit.ordinal, x]));
  // Neighbours that answer the same question come along (the "7 days" after "we record IP addresses").
  const strong = new Set(ranked.filter((s) => s.textScore >= 0.6 * best.textScore && s.textScore > 0).map((s) => s.unit.ordinal));
  // A neighbour with the same kind of evidence comes along only if it also speaks of the question's
  // terms: "Invoices are kept ten years" does not bring "Ride data is deleted after 90 days".
  // A way to reach someone always comes along (the address after "our registered office is:").
  const takes = (u: Unit) => {
    if (strong.has(u.ordinal)) return true;
    const evidence = intentEvidence(r, u);
    const channel = Math.max(evidence.get('contact') ?? 0, evidence.get('address') ?? 0, evidence.get('procedure') ?? 0);
    let other = 0;
    for (const [k, v] of evidence) if (k !== 'contact' && k !== 'address' && k !== 'procedure') other += v;
    return channel >= 1 || (other >= 1 && (unitScore.get(u.ordinal)?.textScore ?? 0) > 0);
  };
  let window = widen(analysis, best.unit, takes);
  const needsPeriod = r.intents.has('retention') && r.question.wh === 'howLong';
  const hasPeriod = (w: typeof window) => analysis.units.slice(w.first.ordinal, w.last.ordinal + 1).some((u) => featuresOf(analysis, u).duration);
  // "How long do you keep my request logs?": the sentence naming the logs may be too long to take
  // its neighbour ("We store this information for two years") along; the period is the answer then.
  if (needsPeriod && !hasPeriod(window)) {
    const near = [1, -1, 2].map((d) => analysis.units[best.unit.ordinal + d]).find((u) => u && u.clauseOrdinal === best.unit.clauseOrdinal && featuresOf(analysis, u).duration && takes(u));
    if (near) window = widen(analysis, near);
  }
  const windowUnits = analysis.units.slice(window.first.ordinal, window.last.ordinal + 1);
  const coverage = topicCoverage(r.terms, clause, analysis, satisfiedTerms(r, windowUnits), matches.of(clause));
  const evidenceMissing = needsPeriod && !hasPeriod(window);
  // Citations are best first by their choice value; the answer's own sentence has the best value
  // among the candidates, and a related passage never outranks it.
  const citations: Citation[] = [citationOf(analysis, window, chosen.value, r.terms)];
  // A further passage's value is its choice value (its sentence scored for the question when the
  // engine did not rank it), never above the answer's own.
  const pairKeys = termPairKeys(r.terms);
  const valueOf = (u: Unit) => {
    const s = unitScore.get(u.ordinal) ?? scoreUnit(u, analysis.clauses[u.clauseOrdinal]!, r.terms, pairKeys, r.unitMatches());
    return Math.min(choiceOf(s).value, chosen.value);
  };
  for (const { span, value } of relatedWindows(r, relatedOrder(r, ranked, bm25Of(r)), window, valueOf)) {
    citations.push(citationOf(analysis, span, value, r.terms));
  }

  const excerpt = citations[0]!.excerpt;
  if (coverage < weights.minCoverage || evidenceMissing) {
    return {
      documentId: analysis.document.id,
      text: `${say(r.question.query.language, r.question.query.core.length ? 'notAddressed' : 'notAddressedQuestion')} ${say(r.question.query.language, 'closest', { heading: clause.clause.heading || clause.clause.id })}`,
      answerable: false,
      verdict: r.yesNo ? 'not_stated' : null,
      confidence: Math.max(0.3, Math.min(0.9, 1 - coverage)),
      citations,
      strength: coverage,
      entity: null,
    };
  }
  // The verdict reads the part of the sentence that holds what the question asks ("Can I
  // *withdraw* my consent": not the part about consent), and only a sentence that holds it gives one.
  // A sentence that holds a word of the question only as its opposite ("non-encrypted data" for
  // "my encrypted messages") speaks of something else: the verdict comes from another sentence
  // of the answer that holds what is asked, or there is none.
  const opposite = (u: Unit) => opposes(r, u);
  let verdictUnit: Unit | null = best.unit;
  if (opposite(best.unit)) verdictUnit = windowUnits.find((u) => u !== best.unit && !opposite(u) && asked !== null && askedSpans(asked, u) !== null) ?? null;
  const near = asked && verdictUnit ? askedSpans(asked, verdictUnit) : null;
  let verdict = r.yesNo && near !== null && verdictUnit ? verdictOf(unitText(r, verdictUnit), near) : null;
  // A list item is read with the sentence that introduces it: "We do not keep: … Contact lists"
  // denies contact lists, and "Contact lists" under it says nothing alone.
  const intro = leadInOf(r, best.unit);
  const introText = intro && best.unit.blockStart && intro.ordinal < window.first.ordinal ? unitText(r, intro) : null;
  if (intro && r.yesNo && asked && !opposite(best.unit)) {
    const introVerdict = verdictOf(unitText(r, intro));
    const introNear = askedSpans(asked, intro);
    // Its denial carries over to the item; its condition mostly says whom the list is for
    // ("If you are based in the EEA, you can:"), not when the item holds, and does not.
    if (verdict !== null && introVerdict === 'no') verdict = 'no';
    else if (verdict === null && introNear !== null) verdict = verdictOf(unitText(r, intro), introNear);
  }
  const lead = verdict ? `${verdictLead(verdict)} ` : '';
  return {
    documentId: analysis.document.id,
    text: `${lead}${introText ? `${readable(introText)} ` : ''}${readable(excerpt)}`,
    answerable: true,
    verdict,
    confidence: Math.min(0.95, 0.35 + 0.5 * coverage + (best.bonus > 0 ? 0.1 : 0)),
    citations,
    strength: coverage * 5 + best.total / 10,
    entity: null,
  };
}
