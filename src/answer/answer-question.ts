/**
 * answerQuestion: a question (and the conversation so far) in, an answer with verbatim citations
 * out. Reads the question, resolves it against the previous turn, picks the documents worth
 * reading, and lets the strategy that fits the question answer from each: transfers to a country,
 * companies the policy lists, or sentence retrieval for everything else.
 */
import type { ClauseIndex } from '../search/clause-index.ts';
import type { DocumentAnalysis } from './document-analysis.ts';
import { detectLanguage, parseQuery } from '../search/query.ts';
import { tokenize } from '../text/analyze.ts';
import { phraseAlternation } from '../text/regex.ts';
import type { Candidate, ResolvedQuestion } from './candidate.ts';
import { emptyContext, type ConversationContext } from './conversation.ts';
import { findCountries, isCountryWord } from './countries.ts';
import { documentFacts } from './document-facts.ts';
import { matchEntities } from './entities.ts';
import { answerEntity, answerListing, answerNotListed } from './entity-answers.ts';
import { answerGeneral, CLAUSES_RANKED } from './general.ts';
import { analyzeQuestion, type Intent, type QuestionAnalysis } from './question.ts';
import { scoredTerms, unitMatchWeights } from './scoring.ts';
import { answerTransfer } from './transfers.ts';
import type { Answer } from './types.ts';
import { localiseLead, verdictLead } from './verdict.ts';
import { questionWords } from '../vocabulary/vocabulary.ts';
import { expandInformal } from './informal.ts';
import { factsAsked, type FactsAsked } from './model/asked.ts';
import { answerFromModel, answerRight, missingFact } from './model/answers.ts';
import { documentsNamed, policyLabel } from './model/routing.ts';
import { policyModel } from './model/store.ts';
import { documentAnalysis } from './analysis-store.ts';
import { compact } from './model/parties.ts';
import { say, type PhraseKey } from './phrases.ts';

export interface AnswerOptions {
  /** Restrict the answer to one document. */
  documentId?: string;
  /** The conversation so far (from the previous call's result). */
  context?: ConversationContext | null;
}

export interface AnswerResult {
  answer: Answer;
  context: ConversationContext;
  /** The document the answer was read from; null when no document answered (declined). */
  documentId: string | null;
  /** Everything besides the index this answer depends on (see `AnswerKey`). */
  key: AnswerKey;
}

/**
 * What an answer depends on besides the index, for a cache of answers (src/server/answer-cache.ts):
 * two asks with equal keys over the same index get equal answers, and equal context updates up to
 * what `continueAnswer` fills in. Computed here, next to the code that reads the context, so a
 * change in what an answer reads cannot leave a cache keyed on too little.
 */
export interface AnswerKey {
  /** The document asked about and the question (as normalised by protocol/question.ts). */
  question: string;
  /** `contextKey(context)` when the answer read the conversation context, else null. */
  context: string | null;
}

/** The key part every answer depends on: the document asked about and the question text. */
export function questionKey(question: string, documentId: string | undefined): string {
  return `${documentId ?? ''}\u0000${question}`;
}

/**
 * The parts of a conversation context a follow-up reads (`resolve`, `candidateDocuments`): every
 * field but the turn count, of which only "any turns yet" counts.
 */
export function contextKey(context: ConversationContext | null | undefined): string {
  const { turns, ...rest } = context ?? emptyContext();
  return JSON.stringify([turns > 0, rest]);
}

/**
 * The result of an earlier ask with the same key, as this ask's result: the answer is the same;
 * the context update counts this conversation's turns, and keeps its document when no document
 * answered (the two things an answer's context update takes from a context it did not read).
 */
export function continueAnswer(earlier: AnswerResult, context: ConversationContext | null | undefined): AnswerResult {
  return {
    ...earlier,
    context: { ...earlier.context, turns: (context?.turns ?? 0) + 1, documentId: earlier.documentId ?? context?.documentId ?? null },
  };
}

/** How many documents are read when a question names none. */
export const DOCUMENTS_READ = 3;
/** Weight of the previous turn's topic terms in a follow-up. */
export const CARRIED_TOPIC_WEIGHT = 0.7;

const ENTITY_INTENTS: Intent[] = ['membership', 'location', 'address'];

function resolve(
  index: ClauseIndex,
  question: QuestionAnalysis,
  context: ConversationContext,
  analysis: DocumentAnalysis,
  asked: FactsAsked,
): ResolvedQuestion {
  const facts = documentFacts(analysis);
  const followUp = context.turns > 0 && question.followUp;
  const intents = new Set(question.intents);
  if (followUp) for (const i of context.intents) intents.add(i);

  // Countries: the question's own (a listed office's town counts: "the Tokyo office"), else the last turn's.
  // Without listed offices the document adds no place names: the question's own reading stands.
  const mentions = facts.entities.places.size > 0 ? findCountries(question.query.text, { places: facts.entities.places, tokens: question.query.tokens }) : question.countries;
  const names = mentions.filter((m) => m.kind !== 'demonym');
  let countries = [...new Set((names.length ? names : mentions).map((m) => m.code))];
  if (countries.length === 0 && followUp) countries = context.countries;
  if (countries.length > 0 && followUp && context.intents.includes('transfer')) intents.add('transfer');
  // "the Tokyo office" names a country only through this document's addresses.
  if (countries.length > 0 && question.cue('transferQuestion')) intents.add('transfer');

  const countryWords = new Set<string>();
  for (const m of mentions) for (const t of question.query.tokens) if (t.term && t.start >= m.start && t.end <= m.end) countryWords.add(t.term);
  // A country word the typo corrector "fixed" (`canadian` → `canada`) is still the country.
  for (const c of question.query.core) if (c.of !== undefined && countryWords.has(c.of)) countryWords.add(c.term);

  const core = [...question.query.core];
  if (followUp && core.filter((c) => !countryWords.has(c.term)).length <= 2) {
    for (const term of context.topic) {
      if (!core.some((c) => c.term === term)) core.push({ term, weight: CARRIED_TOPIC_WEIGHT, source: 'typed' });
    }
  }
  // Countries, towns of listed offices and listed company names are what a question is about,
  // not what it asks: "the weather in Tokyo" is not answered by Tokyo's address.
  // So are the document's own names (its identities in the policy model: "Acme", "Acme
  // Cloud Ltd"): "How long does Acme keep …" asks about keeping, in Acme's policy.
  const model = policyModel(index, analysis.document.id)!;
  const terms = scoredTerms(core, analysis, (t) => countryWords.has(t) || facts.placeTerms.has(t) || model.nameTerms.includes(t));

  const retrievedList = index.retrieve(
    [...question.query.terms, ...core.filter((c) => c.weight === CARRIED_TOPIC_WEIGHT)],
    { documentId: analysis.document.id, limit: CLAUSES_RANKED },
  );
  const retrieved = new Map(retrievedList.map((c) => [c.clauseOrdinal, c.score]));
  // Where to write may sit in a clause that shares no word with the question ("Contact Us").
  if (intents.has('contact') || intents.has('address') || intents.has('procedure')) {
    for (const ordinal of facts.contactClauses) if (!retrieved.has(ordinal)) retrieved.set(ordinal, 0);
  }
  let unitMatches: Float64Array | undefined;
  return {
    question,
    analysis,
    facts,
    terms,
    intents,
    countries,
    yesNo: question.yesNo || (followUp && context.yesNo && question.wh === null && question.query.core.length <= 2),
    carriedEntity: followUp ? context.entity : null,
    retrieved,
    model,
    asked,
    evidence: new Map(),
    unitMatches: () => (unitMatches ??= unitMatchWeights(analysis, terms)),
  };
}

/**
 * Words that only say "a company, where, in the group": a question made of nothing else (beyond
 * a country or a company name) is about the list of companies, not about a clause.
 */
const ENTITY_QUESTION_WORDS = new Set(
  ['company', 'companies', 'entity', 'entities', 'subsidiary', 'subsidiaries', 'affiliate', 'affiliates', 'office', 'offices', 'group', 'member', 'part', 'belong', 'located', 'location', 'based', 'address', 'where', 'situated', 'headquartered', 'seat', 'find', 'tell', 'about', 'listed', 'list', 'firm', 'firms', 'business']
    .flatMap((w) => tokenize(w).map((t) => t.term))
    .filter((t): t is string => t !== null),
);

function answerInDocument(r: ResolvedQuestion): Candidate | null {
  const words = r.question.query.tokens.map((t) => t.word);
  let matches = matchEntities(r.facts.entities, words, isCountryWord).map((m) => m.record);
  const pronounFollowUp = matches.length === 0 && r.carriedEntity !== null;
  if (pronounFollowUp) matches = r.facts.entities.records.filter((rec) => rec.name === r.carriedEntity);
  const nameWords = new Set(matches.flatMap((m) => m.nameWords).flatMap((w) => tokenize(w).map((t) => t.term)));
  // A capitalised word the document never uses is a name the user gives ("Is Acme part of the group?").
  const text = r.question.query.text;
  for (const t of r.question.query.tokens.slice(1)) {
    if (t.term && /^\p{Lu}/u.test(text.slice(t.start, t.end)) && !r.analysis.unitFrequency.has(t.term)) nameWords.add(t.term);
  }
  const topic = r.terms.filter((t) => !t.argument && !nameWords.has(t.term) && !ENTITY_QUESTION_WORDS.has(t.term));
  const aboutEntitiesOnly = topic.length === 0;
  const wantsEntity =
    ENTITY_INTENTS.some((i) => r.intents.has(i)) || aboutEntitiesOnly || (r.question.followUp && r.question.query.core.length <= 2);

  if (r.intents.has('transfer') && r.countries.length > 0) {
    const t = answerTransfer(r);
    if (t) return t;
  }
  // "Where does Acme host its servers?": naming the policy's own company routes the question; it does not make it about that company's address.
  const selfNamed = matches.length > 0 && matches.every((m) => r.model.ownNames.includes(compact(m.name)));
  if (matches.length > 0 && wantsEntity && !(selfNamed && !aboutEntitiesOnly) && !(pronounFollowUp && r.intents.has('contact'))) {
    const e = answerEntity(r, matches);
    if (e) return e;
  }
  if (r.countries.length > 0 && aboutEntitiesOnly) {
    const l = answerListing(r);
    if (l) return l;
  }
  if (matches.length === 0 && r.yesNo && r.intents.has('membership') && aboutEntitiesOnly) {
    const n = answerNotListed(r);
    if (n) return n;
  }
  // A fact the question asks for: from the policy model, or "the policy does not say" when the model lacks it.
  const missing = missingFact(r.model, r.asked, r.analysis.document.text);
  if (missing) return notStated(r, missing);
  const fact = answerFromModel(r, r.model, r.asked);
  if (fact) return fact;
  return answerRight(r, r.model, r.asked, answerGeneral(r));
}

/** The closest passage, declined: the policy does not state the fact asked for. */
function notStated(r: ResolvedQuestion, missing: PhraseKey): Candidate | null {
  const closest = answerGeneral(r);
  const heading = closest?.citations[0]?.heading;
  return {
    documentId: r.analysis.document.id,
    text: `${say(r.question.query.language, 'notStated', { what: say(r.question.query.language, missing) })}${heading ? ` ${say(r.question.query.language, 'closest', { heading })}` : ''}`,
    answerable: false,
    verdict: r.yesNo ? 'not_stated' : null,
    confidence: 0.8,
    citations: closest?.citations ?? [],
    strength: 0,
    entity: null,
  };
}

function candidateDocuments(index: ClauseIndex, question: QuestionAnalysis, options: AnswerOptions, context: ConversationContext): string[] {
  if (options.documentId !== undefined) return [options.documentId];
  // A question that names a policy ("Does Acme Cloud keep my IP?") is answered from it.
  const named = documentsNamed(index, question);
  if (named.length > 0) return named.slice(0, DOCUMENTS_READ);
  const all = index.listDocuments();
  if (all.length <= DOCUMENTS_READ) return all.map((d) => d.id);
  const ids: string[] = [];
  if (question.followUp && context.documentId && index.getDocument(context.documentId)) ids.push(context.documentId);
  for (const hit of index.retrieve(question.query.terms, { limit: 30 })) {
    if (ids.length >= DOCUMENTS_READ) break;
    if (!ids.includes(hit.documentId)) ids.push(hit.documentId);
  }
  return ids;
}

function declined(text: string): Candidate {
  return { documentId: '', text, answerable: false, verdict: null, confidence: 0.9, citations: [], strength: -1, entity: null };
}

/**
 * Reads a question against an index's vocabulary (typo correction needs it): tokens, the
 * English reading, synonyms, intents. A pure function of the index and the text.
 */
export function readQuestion(index: ClauseIndex, question: string): QuestionAnalysis {
  const tokens = tokenize(question);
  const language = detectLanguage(tokens);
  const text = expandInformal(question, language);
  // Most questions have no chat spelling: their tokens and language are read once.
  const read = text === question ? { tokens, language } : undefined;
  return analyzeQuestion(parseQuery(text, { corrector: index.corrector, knows: (t) => index.hasTerm(t), ...(read ? { read } : {}) }));
}

/** "Do you store my IP address, and if so, how long?": the part before "if so" is a yes/no question of its own. */
const IF_SO = new RegExp(`[,;]?\\s*(?:${phraseAlternation(questionWords.ifSo)})(?![\\p{L}])`, 'iu');

/**
 * A question in two parts ("Do you store my IP address, and if so, how long?", "Speichert ihr
 * meine IP-Adresse, und wenn ja, wie lange?") gets the verdict of its first part, read alone,
 * with that part's sentence first, and the whole question's answer (the period) after it: the
 * period's sentence ("logs … are deleted after 30 days") does not say whether the thing is stored.
 */
export function answerQuestion(index: ClauseIndex, question: string, options: AnswerOptions = {}): AnswerResult {
  const analyzed = readQuestion(index, question);
  const whole = answerOne(index, question, analyzed, options);
  const split = IF_SO.exec(question);
  if (!split || split.index < 6 || !whole.answer.answerable) return whole;
  const part = question.slice(0, split.index);
  const first = answerOne(index, part, readQuestion(index, part), options);
  const verdict = first.answer.verdict;
  if (!first.answer.answerable || verdict === null || verdict === 'not_stated' || first.documentId !== whole.documentId) return whole;
  const [lead, ...leadRest] = first.answer.citations;
  if (!lead) return whole;
  const more = whole.answer.citations.filter((c) => c.documentId !== lead.documentId || c.end <= lead.start || c.start >= lead.end);
  const language = analyzed.query.language;
  const wholeLead = whole.answer.verdict ? verdictLead(whole.answer.verdict, language) : null;
  const rest = wholeLead && whole.answer.text.startsWith(wholeLead) ? whole.answer.text.slice(wholeLead.length).trimStart() : whole.answer.text;
  const source = / \([^()]*\.\)$/.exec(first.answer.text);
  const said = source && rest.endsWith(source[0]) ? first.answer.text.slice(0, -source[0].length) : first.answer.text;
  const sameSentence = whole.answer.citations[0] && whole.answer.citations[0].start === lead.start && whole.answer.citations[0].documentId === lead.documentId;
  const top = Math.max(lead.score, ...whole.answer.citations.map((c) => c.score));
  return {
    ...whole,
    answer: {
      ...whole.answer,
      text: sameSentence ? first.answer.text : `${said}${/[.!?:]$/.test(said) ? '' : '.'} ${rest}`,
      verdict,
      confidence: Math.min(first.answer.confidence, whole.answer.confidence),
      citations: [{ ...lead, score: top }, ...more, ...leadRest].slice(0, 3),
    },
    context: { ...whole.context, yesNo: true },
  };
}

/** The answer to `question`, read as `analyzed` (readQuestion). */
function answerOne(index: ClauseIndex, question: string, analyzed: QuestionAnalysis, options: AnswerOptions): AnswerResult {
  const context = options.context ?? emptyContext();
  const query = analyzed.query;
  const asked = factsAsked(analyzed);

  let best: Candidate | null = null;
  let bestResolved: ResolvedQuestion | null = null;
  for (const id of candidateDocuments(index, analyzed, options, context)) {
    const analysis = documentAnalysis(index, id);
    if (!analysis) continue;
    const resolved = resolve(index, analyzed, context, analysis, asked);
    const candidate = answerInDocument(resolved);
    if (!candidate) continue;
    const better =
      !best ||
      (candidate.answerable && !best.answerable) ||
      (candidate.answerable === best.answerable && candidate.strength > best.strength);
    if (better) {
      best = candidate;
      bestResolved = resolved;
    }
  }
  const chosen = best ?? declined(say(query.language, 'notAddressedQuestion'));
  if (analyzed.yesNo && chosen.verdict === null) chosen.verdict = chosen.answerable ? null : 'not_stated';

  const topic = bestResolved
    ? bestResolved.terms.filter((t) => !t.argument).map((t) => t.term)
    : query.core.map((c) => c.term);
  const next: ConversationContext = {
    turns: context.turns + 1,
    documentId: chosen.documentId || context.documentId,
    intents: bestResolved ? [...bestResolved.intents].filter((i) => i !== 'listing' || bestResolved!.countries.length > 0) : [...analyzed.intents],
    countries: bestResolved?.countries ?? [],
    entity: chosen.entity ?? (bestResolved?.carriedEntity ?? null),
    topic: topic.slice(0, 24),
    yesNo: bestResolved?.yesNo ?? analyzed.yesNo,
  };
  // Several policies loaded and none named: say which one the answer comes from.
  const unnamed = options.documentId === undefined && index.documentCount > 1 && chosen.answerable && chosen.documentId;
  const source = unnamed && documentsNamed(index, analyzed).length === 0 ? ` ${say(query.language, 'from', { policy: policyLabel(index, chosen.documentId) })}` : '';
  const answer: Answer = {
    text: localiseLead(chosen.text, chosen.verdict, query.language) + source,
    answerable: chosen.answerable,
    verdict: chosen.verdict,
    confidence: Math.round(Math.max(0, Math.min(1, chosen.confidence)) * 100) / 100,
    citations: chosen.citations,
  };
  // A question that does not lean on the previous turn never reads the context (`resolve` and
  // `candidateDocuments` look at it only for follow-ups).
  const key: AnswerKey = {
    question: questionKey(question, options.documentId),
    context: analyzed.followUp ? contextKey(options.context) : null,
  };
  return { answer, context: next, documentId: chosen.documentId || null, key };
}
