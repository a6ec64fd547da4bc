/**
 * The verdict of a yes/no question, read from the sentence that answers it, about the thing the
 * question asks (its action: "share", "delete"; or, after a light verb such as "use", its most
 * telling word: "cookies"). A sentence that does not state or deny that thing gives no verdict:
 * "we do not sell your data" says nothing about sharing it.
 *
 * Polarity of the part of the sentence that holds the asked thing (vocabulary: cues.json):
 * - a hedged negation ("may be unable to", "not always") → `conditional`;
 * - a negation ("not", "never", "cannot") → `no`, or `conditional` with a strong condition in the
 *   same part ("we do not share it unless you consent");
 * - a condition ("only if", "unless", "if") → `conditional`;
 * - otherwise `yes`.
 * Phrases that contain a negation word but deny nothing ("not limited to", "no longer than",
 * "without your consent") are not negations.
 */
import type { QuestionLanguage } from '../search/query.ts';
import { foldWord, stemOf, termsOf } from '../text/analyze.ts';
import { verdictWords } from '../vocabulary/vocabulary.ts';
import { cueSpans, hasCue } from './cues.ts';
import type { ScoredTerm } from './scoring.ts';
import type { Verdict } from './types.ts';

/**
 * `near` are the offsets (into `sentence`) of what the question asks about. Each part of the
 * sentence between commas or `but` that holds one of them gives its own verdict, so "we do not
 * sell data, but we use cookies" answers "do you use cookies?" with yes, and "we use encryption
 * …, but no method is completely secure" answers "is my data secure?" with conditional: the parts
 * about the question disagree.
 */
export function verdictOf(sentence: string, near: Array<[number, number]> = []): Verdict {
  const scopes = new Map<string, [number, number]>();
  for (const span of near) {
    const scope = clauseAround(sentence, span);
    scopes.set(`${scope[0]}:${scope[1]}`, scope);
  }
  if (scopes.size === 0) scopes.set('all', [0, sentence.length]);
  // A condition fronted before the main clause ("With your consent, we may use …", "If you
  // enable it, we …") governs all of it, though a comma separates it from the part asked about.
  const lead = clauseAround(sentence, [0, 0]);
  const first = sentence.slice(lead[0], lead[1]);
  // So does a negative subject ("No employee, and none of our vendors, can read …").
  const opensWith = (name: 'condition' | 'negation') => cueSpans(name, first).some(([at]) => /^\W*$/.test(first.slice(0, at)));
  const fronted = lead[1] < sentence.length && (opensWith('condition') || opensWith('negation')) ? first : '';
  const verdicts = new Set<Verdict>(
    [...scopes.values()].map(([from, to]) => partVerdict(from >= lead[1] && fronted ? `${fronted} ${sentence.slice(from, to)}` : sentence.slice(from, to))),
  );
  if (verdicts.size === 1) return [...verdicts][0]!;
  return verdicts.has('yes') || verdicts.has('conditional') ? 'conditional' : 'no';
}

function inside(span: [number, number], spans: Array<[number, number]>): boolean {
  return spans.some(([s, e]) => span[0] >= s && span[1] <= e);
}

function partVerdict(part: string): Verdict {
  if (hasCue('hedgedNegation', part)) return 'conditional';
  const exceptions = cueSpans('negationExceptions', part);
  const negated = cueSpans('negation', part).some((span) => !inside(span, exceptions));
  const strong = hasCue('strongCondition', part);
  if (negated) return strong ? 'conditional' : 'no';
  if (strong || hasCue('condition', part)) return 'conditional';
  return 'yes';
}

/** The part of the sentence between the punctuation (or `but`, `whereas`) around a span. */
function clauseAround(sentence: string, [start, end]: [number, number]): [number, number] {
  const boundary = /[;,:]\s|\s[–—-]\s|\b(?:but|whereas|while|however|although)\b/gi;
  let from = 0;
  let to = sentence.length;
  for (const m of sentence.matchAll(boundary)) {
    const at = m.index ?? 0;
    if (at + m[0].length <= start) from = at + m[0].length;
    else if (at >= end) {
      to = at;
      break;
    }
  }
  return [from, to];
}

/**
 * The terms a listed word stands for, stop word or not: "get" is a stop word, but "gets" is the
 * term `get` in a question ("if acme gets bought"), and is as light as "get".
 */
function listedTerms(word: string): string[] {
  return [...termsOf(word), ...word.split(/\s+/).map((w) => stemOf(foldWord(w)))];
}

const ACTIONS = new Set(verdictWords.askedActions.flatMap(listedTerms));
const LIGHT = new Set(verdictWords.lightActions.flatMap(listedTerms));
/** Adverbs and fillers ("ever", "still") are never what is asked, however rare in the policy. */
const NOT_ASKED = new Set(verdictWords.notAsked.flatMap(listedTerms));

/**
 * What a yes/no question asks about: its first action word ("Do you *share* …", "Can you
 * *delete* …"), else its most informative topic word ("Do you use *cookies*?"). Arguments (the
 * country or company named, and `names`: words the question capitalises inside the sentence, as
 * in "Does Acme Cloud sell …") are what the question is about, not what it asks. `typed` are
 * the terms the turn itself typed (the rest were carried over from the previous turn).
 */
export function askedTerm(
  terms: readonly ScoredTerm[],
  names: ReadonlySet<string> = new Set(),
  typed: ReadonlySet<string> | null = null,
): ScoredTerm | null {
  // Names ("Does the UK GDPR apply?") and light verbs are what is asked only when nothing else is.
  const plain = terms.filter((t) => !t.argument && !NOT_ASKED.has(t.term));
  const unnamed = plain.filter((t) => !LIGHT.has(t.term) && !names.has(t.term));
  const heavy = plain.filter((t) => !LIGHT.has(t.term));
  const candidates = unnamed.length > 0 ? unnamed : heavy.length > 0 ? heavy : plain;
  // A follow-up ("And analytics cookies?") asks about its own words before the ones carried over.
  const own = typed ? candidates.filter((t) => typed.has(t.term)) : [];
  const topic = own.length > 0 ? own : candidates;
  const action = topic.find((t) => ACTIONS.has(t.term));
  if (action) return action;
  // "Do you *put* cookies …", "do u *get* stats …": after a light verb, its object is what is asked.
  const light = terms.findIndex((t) => LIGHT.has(t.term));
  if (light >= 0) {
    const object = terms.slice(light + 1).find((t) => topic.includes(t));
    if (object) return object;
  }
  let best: ScoredTerm | null = null;
  for (const t of topic) if (!best || t.idf > best.idf) best = t;
  return best;
}

/** Verbs that carry no topic of their own ("get", "put", "have", "apply"). */
export function isLightTerm(term: string): boolean {
  return LIGHT.has(term) || NOT_ASKED.has(term);
}

/** Actions of the privacy domain ("share", "delete", "log"): topical however the policy words them. */
export function isActionTerm(term: string): boolean {
  return ACTIONS.has(term);
}

/** Each action term → the terms of its family: "we record IP addresses" states storing them, not deleting them. */
const FAMILY = new Map<string, Set<string>>();
for (const family of verdictWords.actionFamilies) {
  const terms = new Set(family.flatMap((w) => termsOf(w)));
  for (const t of terms) FAMILY.set(t, new Set([...(FAMILY.get(t) ?? []), ...terms]));
}

/** The other actions of a term's family ("record" for "store"), empty for a term that is no action. */
export function actionFamily(term: string): readonly string[] {
  return [...(FAMILY.get(term) ?? [])].filter((t) => t !== term);
}

/** Whether a sentence's term is the asked thing, one of its forms, or an action of its family. */
function isAsked(asked: ScoredTerm, term: string): boolean {
  return asked.forms.some((f) => f.term === term) || (FAMILY.get(asked.term)?.has(term) ?? false);
}

/**
 * Where a sentence states or denies what was asked: the offsets (into the sentence) of its words
 * that are the asked thing; null when it does not speak of it at all (then it gives no verdict).
 */
export function askedSpans(
  asked: ScoredTerm,
  sentence: { start: number; terms: ReadonlySet<string>; tokens: ReadonlyArray<{ start: number; end: number; term: string | null; word?: string }> },
): Array<[number, number]> | null {
  const tokens = sentence.tokens;
  // "non-encrypted data" is not encrypted data: a word under a "non-" prefix is the opposite thing.
  const negatedWord = (i: number) => i > 0 && tokens[i - 1]!.word === 'non' && tokens[i - 1]!.end + 1 === tokens[i]!.start;
  const spans = tokens
    .filter((t, i) => t.term !== null && isAsked(asked, t.term) && !negatedWord(i))
    .map((t) => [t.start - sentence.start, t.end - sentence.start] as [number, number]);
  if (spans.length > 0) return spans;
  if (tokens.some((t, i) => t.term !== null && isAsked(asked, t.term) && negatedWord(i))) return null;
  // A multi-word form ("third party") is a term of the sentence but no single word of it.
  for (const term of sentence.terms) if (isAsked(asked, term)) return [];
  return null;
}

type Leads = Record<Verdict, string>;
const LEADS = verdictWords.leads as Record<QuestionLanguage, Leads>;

/** The words an answer with this verdict starts with, in the question's language. */
export function verdictLead(verdict: Verdict, language: QuestionLanguage = 'en'): string {
  return (LEADS[language] ?? LEADS.en)[verdict];
}

/**
 * An answer text whose first words are an English verdict lead, with that lead in the question's
 * language: every strategy writes English leads; the question's language is applied once.
 */
export function localiseLead(text: string, verdict: Verdict | null, language: QuestionLanguage): string {
  if (language === 'en' || verdict === null) return text;
  const english = LEADS.en[verdict];
  const localised = verdictLead(verdict, language);
  if (text.startsWith(english)) return localised + text.slice(english.length);
  const other = /^(?:Yes|No)(?:, under conditions)?\.\s*/.exec(text);
  if (other) return `${localised} ${text.slice(other[0].length)}`;
  // Strategies with a lead of their own ("Yes, under conditions.") keep it after the verdict word.
  return `${localised} ${text}`;
}
