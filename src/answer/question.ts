/**
 * What a question asks, read from its words: the kind of question (yes/no, who, where, how long…),
 * the intents it carries (contact, transfer, retention…), the countries it names, and whether it
 * leans on the previous turn. Pure: no corpus access.
 */
import { questionWords } from '../vocabulary/vocabulary.ts';
import { foldWord } from '../text/analyze.ts';
import { englishText, type ParsedQuery } from '../search/query.ts';
import { findCountries, type CountryMention } from './countries.ts';
import { hasCue, type CueName } from './cues.ts';

export type WhKind = 'who' | 'where' | 'when' | 'why' | 'howLong' | 'how' | 'which';

export type Intent =
  | 'contact'
  | 'address'
  | 'transfer'
  | 'retention'
  | 'legalBasis'
  | 'purpose'
  | 'definition'
  | 'membership'
  | 'location'
  | 'listing'
  /** "How can I …": the answer is a way to do it (write to, an e-mail address, a form). */
  | 'procedure'
  /** "What happens if …": the answer is a conditional sentence. */
  | 'consequence'
  /** "… protects me more than …": the answer compares (exceeds, stricter, higher). */
  | 'comparison'
  /** "What data do you collect?", "What do you keep in my record?": the answer enumerates. */
  | 'categories';

export interface QuestionAnalysis {
  query: ParsedQuery;
  /** The question as typed, lower-cased, with its English reading appended for cue matching. */
  cueText: string;
  yesNo: boolean;
  wh: WhKind | null;
  intents: Set<Intent>;
  countries: CountryMention[];
  /** Starts like a continuation (`and …`, `what about …`) or leans on a pronoun (`their address`). */
  followUp: boolean;
  /** `hasCue(name, cueText)`, each list tested at most once per question (several stages ask). */
  cue(name: CueName): boolean;
}

/** `hasCue` over one text, each cue list tested on first use only. */
function cuesOf(text: string): (name: CueName) => boolean {
  const known = new Map<CueName, boolean>();
  return (name) => {
    let has = known.get(name);
    if (has === undefined) known.set(name, (has = hasCue(name, text)));
    return has;
  };
}

const fold = (s: string) => foldWord(s).replace(/[¿¡]/g, '');
const YES_NO = new Set(Object.values(questionWords.yesNoOpeners).flat().map(fold));
/** Phrases as word lists, split once (they are matched against every question). */
const words = (phrase: string): string[] => phrase.split(/\s+/);
const FOLLOW_OPENERS = [...questionWords.followUpOpeners].map(fold).sort((a, b) => b.length - a.length).map(words);
const FOLLOW_PRONOUNS = new Set(questionWords.followUpPronouns.map(fold));
const WH = (Object.entries(questionWords.whWords) as Array<[WhKind, string[]]>).map(
  ([kind, list]) => [kind, list.map((w) => words(fold(w)))] as const,
);

/** Phrases by their first word, in list order: a question's word at a position is looked up once, not compared with every phrase. */
function byFirstWord<T extends { phrase: string[] }>(list: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of list) {
    const same = out.get(item.phrase[0]!);
    if (same) same.push(item);
    else out.set(item.phrase[0]!, [item]);
  }
  return out;
}
/** Question-word phrases by first word, in WH's order of kinds (so the first match is the first kind). */
const WH_BY_FIRST = byFirstWord(WH.flatMap(([kind, list]) => list.map((phrase) => ({ kind, phrase }))));
/** Follow-up openers by first word, longest first. */
const OPENERS_BY_FIRST = byFirstWord(FOLLOW_OPENERS.map((phrase) => ({ phrase })));

/** The kind of the first question-word phrase at position `at`, if one starts there. */
function whAt(text: string[], at: number): WhKind | null {
  const word = text[at];
  if (word === undefined) return null;
  for (const { kind, phrase } of WH_BY_FIRST.get(word) ?? []) if (startsWithPhrase(text, phrase, at)) return kind;
  return null;
}

/** True when `text` has the words of `phrase` from position `at`. */
function startsWithPhrase(text: string[], phrase: string[], at = 0): boolean {
  for (let i = 0; i < phrase.length; i++) if (text[at + i] !== phrase[i]) return false;
  return true;
}

function whKind(text: string[]): WhKind | null {
  // The first question word decides, except that `how long` beats `how`.
  for (let i = 0; i < Math.min(text.length, 6); i++) {
    const kind = whAt(text, i);
    if (kind) return kind;
  }
  return null;
}

/** French verb–subject inversion ("peut-il", "vendez-vous", "a-t-elle") opens a yes/no question. */
const INVERSION = /^[\p{L}']+-(?:t-)?(?:il|elle|on|ils|elles|vous|je|tu|nous)$/u;

/** The words of each part of a question (lower-cased), split at sentence ends and commas. */
function segments(lower: string): string[][] {
  return lower
    .replace(/[¿¡]/g, '')
    .split(/[.?!;,:]\s+|[.?!;,:]$/)
    .map((part) => part.split(/[^\p{L}\p{N}'’-]+/u).filter(Boolean).map(fold))
    .filter((part) => part.length > 0);
}

/**
 * A yes/no question: a part of it opens with a yes/no word ("Can I …", "I live in France. Can
 * I …", "If my browser checks …, do you log …"), or with a French inversion ("peut-il"). In
 * German, Spanish, French and Italian a question needs no opener ("¿Acme usa mis datos …?",
 * "Vous vendez mes données ?"): a question mark with no question word among its first words is
 * yes/no. A question word at the very start makes it a wh-question whatever follows.
 */
function isYesNo(query: ParsedQuery, afterOpener: string[], lower: string): boolean {
  const startsWh = (ws: string[]) => whAt(ws, 0) !== null;
  if (afterOpener.length === 0 || startsWh(afterOpener)) return false;
  const opens = (ws: string[]) => YES_NO.has(ws[0]!) || INVERSION.test(ws[0]!);
  if (opens(afterOpener)) return true;
  const parts = segments(lower);
  if (parts.some((ws) => opens(ws) && !startsWh(ws))) return true;
  if (query.language !== 'en' && /[?¿]/.test(query.text)) return !parts.some(startsWh);
  return false;
}

export function analyzeQuestion(query: ParsedQuery): QuestionAnalysis {
  const lower = query.text.toLowerCase();
  const rawWords = lower
    .replace(/[¿¡]/g, '')
    .split(/[^\p{L}\p{N}'’-]+/u)
    .filter(Boolean)
    .map(fold);
  const english = englishText(query);
  const cueText = `${lower} ${english}`;
  const cue = cuesOf(cueText);
  const first = rawWords[0] ?? '';
  const opener = rawWords.length > 0 ? OPENERS_BY_FIRST.get(rawWords[0]!)?.find((o) => startsWithPhrase(rawWords, o.phrase))?.phrase : undefined;
  const afterOpener = opener ? rawWords.slice(opener.length) : rawWords;
  const yesNo = isYesNo(query, afterOpener, lower);
  // "What about the USA?" opens a follow-up; its "what" asks nothing of its own.
  let wh = whKind(afterOpener);
  if (/\bhow long\b/.test(english) || /\bhow long\b/.test(lower)) wh = 'howLong';

  const countries = findCountries(query.text, { tokens: query.tokens });
  const intents = new Set<Intent>();
  const hasPostal = cue('postalAddressWords') && !cue('nonPostalAddress');
  if (/\b(contact|reach|write to|get in touch|point of contact|controller|data protection officer|dpo|responsible for|handles?|in charge|call|phone|telephone|e-?mail address)\b/.test(english)) {
    intents.add('contact');
  }
  if (hasPostal) intents.add('address');
  if (countries.length > 0 && cue('transferQuestion')) intents.add('transfer');
  if (wh === 'howLong' || /\b(retention|retain|keep|kept|store|stored|delete|deleted|erase)\b.*\b(long|period|until|when)\b|\bhow long\b/.test(english)) {
    intents.add('retention');
  }
  if (/\b(legal basis|lawful basis|legal ground|basis|grounds?|legitimate|on what basis)\b/.test(english)) intents.add('legalBasis');
  if (wh === 'why' || /\b(purpose|goal|aim|reason)\b/.test(english)) intents.add('purpose');
  if (/\b(mean|meaning|definition|define|defined|stand for|refer to|count as|counts as|considered|consider as|qualify as|qualifies as)\b/.test(english)) intents.add('definition');
  if (/\b(part of|member of|belong|belongs|one of|among|a member)\b/.test(english) || (yesNo && cue('entityClassWords'))) {
    intents.add('membership');
  }
  if (wh === 'where' || cue('locationWords')) intents.add('location');
  if (/\bhow (can|do|could|should|may) (i|we)\b/.test(english) || /\bhow (can|do|could|should|may) (i|we)\b/.test(lower)) intents.add('procedure');
  if (/\bwhat (happens|if|would happen|will happen)\b|\bin case\b/.test(english)) intents.add('consequence');
  if (cue('comparative')) intents.add('comparison');
  if (/\bwhat (data|information|personal data|details|kinds?|types?|categories|sort)\b|\bwhat do (you|they|we) (collect|keep|store|hold|record|process|gather|log)\b/.test(english)) {
    intents.add('categories');
  }
  if (cue('entityClassWords') && (wh === 'which' || wh === 'who' || /\b(list|all)\b/.test(english))) intents.add('listing');

  const topicTerms = query.core.length;
  const pronoun = rawWords.some((w) => FOLLOW_PRONOUNS.has(w));
  // A question too short to stand alone ("On what basis?", "Why?") leans on the turn before.
  const followUp = !!opener || (pronoun && topicTerms <= 3) || (topicTerms === 0 && countries.length > 0) || (topicTerms <= 1 && countries.length === 0);
  return { query, cueText, yesNo, wh, intents, countries, followUp, cue };
}
