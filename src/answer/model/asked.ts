/**
 * Which fact of the policy model a question asks for ("Who is the controller?" → controller,
 * "What's the minimum age?" → minimumAge), read from its words with the vocabulary's
 * `factQuestions` lists, plus the age a question gives ("my 12 year old").
 */
import type { QuestionAnalysis } from '../question.ts';
import type { FactKind, RightKind } from './types.ts';
import { FACT_QUESTIONS, HANDLED_VERBS, RIGHT_ASKERS, RIGHT_QUESTIONS, USER_OWNS } from './vocabulary.ts';

/**
 * What the question asks for by name: "the name of the DPO". "Who is the DPO?" is answered with
 * how to reach the DPO when the policy gives no name (a name is a fact the model does not hold).
 */
const ASKS_NAME = /\bname\b/i;
/** "Who are you?" asks who runs the service; "who are you sharing with?" asks something else. */
const WHO_ARE_YOU_MORE = /\bwho\s+are\s+you\b(?!\s*[?.!]*\s*$)/i;

export interface FactsAsked {
  kinds: Set<FactKind>;
  /** The question asks for a name (of the DPO, of the controller). */
  name: boolean;
  /** "postal", "mailing address": a postal address is wanted. */
  postal: boolean;
  /** An e-mail address is wanted. */
  email: boolean;
  /** A phone number is wanted. */
  phone: boolean;
  /** The question asks about a transfer to a country it names. */
  transfer: boolean;
  /** An age the question gives ("my 12 year old", "a 16 year old"), or null. */
  age: number | null;
  /**
   * The right of the user the question asks about, or null: the user asks what they may do
   * ("Can I get my IP addresses deleted?", "Who can I complain to?"), not what the company does
   * ("Do you delete logs?").
   */
  right: RightKind | null;
}

/** The right a question asks about: the one whose wording comes first in it, when the user is the one asking to act. */
function rightAsked(text: string): RightKind | null {
  if (!RIGHT_ASKERS.test(text)) return null;
  let best: { right: RightKind; at: number } | null = null;
  for (const { right, re } of RIGHT_QUESTIONS) {
    const m = re.exec(text);
    if (m && (!best || m.index < best.at)) best = { right, at: m.index };
  }
  return best?.right ?? null;
}

const AGE_IN_QUESTION = /\b(\d{1,2})[\s-]*(?:years?|year-old|yrs?|yo|ans|jahre|jährige[rn]?|años|anni)\b/i;

export function factsAsked(question: QuestionAnalysis): FactsAsked {
  const text = question.cueText;
  const kinds = new Set<FactKind>();
  for (const { kind, re } of FACT_QUESTIONS) if (re.test(text)) kinds.add(kind);
  if (kinds.has('controller') && WHO_ARE_YOU_MORE.test(question.query.text)) {
    const rest = text.replace(/\bwho\s+are\s+you\b/gi, ' ');
    if (!FACT_QUESTIONS.some(({ kind, re }) => kind === 'controller' && re.test(rest))) kinds.delete('controller');
  }
  // The tests below are read only by the answers that need them (most questions ask for no
  // contact and give no age): each runs on first use, once.
  const once = <T>(read: () => T): (() => T) => {
    let known: { value: T } | undefined;
    return () => (known ??= { value: read() }).value;
  };
  const handled = once(() => HANDLED_VERBS.test(text) || USER_OWNS.test(question.query.text));
  const email = once(() => /\be-?mail\b|\bcorreo\b|\bcourriel\b/i.test(text) && !handled());
  const phone = once(() => /\b(phone|telephone|call)\b/i.test(text) && !handled());
  const postal = once(() => /\b(postal|mailing|post) address\b|\bwhere (?:can|do|should) i (?:write|send)\b|\baddress\b/i.test(text) && !/\b(ip|e-?mail|mac|web|billing) address/i.test(text));
  // "Do you collect my email address?" asks about data handled, not how to reach anyone.
  if (kinds.has('contact') && handled() && !/\b(contact|reach|write to|get in touch)\b/i.test(text)) kinds.delete('contact');
  if (kinds.has('contact') && !email() && !phone() && !postal() && !/\b(contact|reach|write to|get in touch|kontakt|contacto|contatto)\b/i.test(text)) kinds.delete('contact');
  // Ages in years, children words: only a question about who may use the service or give data.
  const age = once(() => AGE_IN_QUESTION.exec(question.query.text));
  if (kinds.has('minimumAge') && !age() && !/\b(minimum age|how old|what age|age limit|child|children|kids?|minors?)\b/i.test(text)) kinds.delete('minimumAge');
  const name = once(() => ASKS_NAME.test(text));
  const ageGiven = once(() => {
    const a = age();
    return a ? Number(a[1]) : null;
  });
  return {
    kinds,
    get name() {
      return name();
    },
    get postal() {
      return postal();
    },
    get email() {
      return email();
    },
    get phone() {
      return phone();
    },
    transfer: question.intents.has('transfer') && question.countries.length > 0,
    get age() {
      return ageGiven();
    },
    right: rightAsked(text),
  };
}
