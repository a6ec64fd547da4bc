/**
 * What each sentence holds that answers may look for (an e-mail address, a period, a legal-basis
 * phrase, …), tested once per sentence and kept: the same sentence is weighed for many questions,
 * and these tests were most of an answer's time.
 */
import type { DocumentAnalysis, Unit } from './document-analysis.ts';
import { transferBases as transferBasesList } from '../vocabulary/vocabulary.ts';
import { findRegions } from './countries.ts';
import { countCues, hasCue, phraseMatcher } from './cues.ts';

export const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;
export const PHONE = /(?:\+|\b)\d[\d ()./-]{6,}\d\b/;
/** A retention period: "30 days", "ten years", "as long as", "until". */
export const DURATION = /\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirty|sixty|ninety)[\s-]+(day|week|month|year)s?\b|\b(as long as|until|no longer than|longer than|long enough|for as long)\b/i;
const DEFINED_TERM = /["“'‘]([^"”'’]{2,40})["”'’]/;
/** A sentence that lists things: two commas in a row of items, or "such as", "including". */
const ENUMERATION = /,[^,.;]{1,60},[^,.;]{1,60}(,| and | or )|\b(such as|including|e\.g\.|for example)\b/i;
const CONDITIONAL_START = /^(if|where|should|in case|in the event|unless|when)\b/i;

const BASES = transferBasesList.map((b) => ({ ...b, matches: phraseMatcher(b.phrases) }));

/** The legal bases for transfers a passage names ("standard contractual clauses"), as labels for the answer text. */
export function basesNamed(text: string): string[] {
  return BASES.filter((b) => b.matches(text)).map((b) => b.label);
}

export interface UnitFeatures {
  email: boolean;
  phone: boolean;
  contactWords: boolean;
  duration: boolean;
  legalBasis: boolean;
  purpose: boolean;
  definition: boolean;
  conditionalStart: boolean;
  comparative: boolean;
  enumeration: boolean;
  /** Transfer cue words in the sentence ("transferred", "third countries", "adequacy"). */
  transferCues: number;
  /** Ways of naming "other countries" in general ("abroad", "outside the", "any other country"). */
  destinationCues: number;
  conditionCues: number;
  negated: boolean;
  /** Regions the sentence names (`EU`, `European Economic Area`), by region id. */
  regions: string[];
  /** The legal bases for transfers the sentence names (`basesNamed`). */
  transferBases: string[];
}

const cache = new WeakMap<Unit, UnitFeatures>();

export function featuresOf(analysis: DocumentAnalysis, unit: Unit): UnitFeatures {
  let f = cache.get(unit);
  if (!f) {
    const text = analysis.document.text.slice(unit.start, unit.end);
    f = {
      email: EMAIL.test(text),
      phone: PHONE.test(text),
      contactWords: hasCue('contactChannel', text),
      duration: DURATION.test(text),
      legalBasis: hasCue('legalBasis', text),
      purpose: hasCue('purpose', text),
      definition: hasCue('definition', text) || DEFINED_TERM.test(text),
      conditionalStart: CONDITIONAL_START.test(text),
      comparative: hasCue('comparative', text),
      enumeration: ENUMERATION.test(text),
      transferCues: countCues('transfer', text),
      destinationCues: countCues('generalDestination', text),
      conditionCues: countCues('condition', text),
      negated: countCues('negation', text) > 0,
      regions: findRegions(text),
      transferBases: basesNamed(text),
    };
    cache.set(unit, f);
  }
  return f;
}
