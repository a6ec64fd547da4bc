/**
 * The domain vocabulary (src/vocabulary/, documented in its README), read once
 * and put in the form search needs: stemmed, folded, ready to look up.
 */
import { abbreviationExpansions, synonymGroups, translations, type ForeignLanguage } from '../vocabulary/vocabulary.ts';
import { foldWord, termsOf } from '../text/analyze.ts';

/** A related term and how strongly it stands in for the original (1 = same meaning). */
export interface RelatedTerm {
  term: string;
  weight: number;
}

/** Weight of a synonym relative to the word the user typed. */
export const SYNONYM_WEIGHT = 0.6;
/** Weight of an abbreviation's expansion (or the reverse): they mean exactly the same. */
export const ABBREVIATION_WEIGHT = 0.9;

/**
 * Multi-word forms (`general data protection regulation`, `data subject`, `sign up`) as term
 * sequences, each with the single term it stands for. Text containing the sequence also indexes
 * that term, so a question with either form meets text with either, without spreading weight onto
 * words like `data` that every sentence has.
 */
export interface PhraseTerm {
  phrase: string[];
  term: string;
}

function buildVocabulary(): { related: Map<string, RelatedTerm[]>; phrases: PhraseTerm[] } {
  const related = new Map<string, Map<string, number>>();
  const phrases: PhraseTerm[] = [];
  const link = (a: string, b: string, weight: number) => {
    if (a === b) return;
    let row = related.get(a);
    if (!row) related.set(a, (row = new Map()));
    row.set(b, Math.max(row.get(b) ?? 0, weight));
  };
  for (const group of synonymGroups) {
    const stemmed = group.map((p) => termsOf(p)).filter((t) => t.length > 0);
    const singles = stemmed.filter((t) => t.length === 1).map((t) => t[0]!);
    const canonical = singles[0];
    for (const a of singles) for (const b of singles) link(a, b, SYNONYM_WEIGHT);
    if (canonical) for (const p of stemmed) if (p.length > 1) phrases.push({ phrase: p, term: canonical });
  }
  for (const [short, longs] of Object.entries(abbreviationExpansions)) {
    const s = termsOf(short);
    for (const long of longs) {
      const l = termsOf(long);
      if (s.length === 1 && l.length === 1) {
        link(s[0]!, l[0]!, ABBREVIATION_WEIGHT);
        link(l[0]!, s[0]!, ABBREVIATION_WEIGHT);
      } else if (s.length === 1 && l.length > 1) {
        phrases.push({ phrase: l, term: s[0]! });
      }
    }
  }
  const out = new Map<string, RelatedTerm[]>();
  for (const [term, row] of related) out.set(term, [...row].map(([t, weight]) => ({ term: t, weight })));
  return { related: out, phrases };
}

const { related: RELATED, phrases: PHRASES } = buildVocabulary();
const PHRASES_BY_FIRST = new Map<string, PhraseTerm[]>();
for (const p of PHRASES) {
  const list = PHRASES_BY_FIRST.get(p.phrase[0]!) ?? [];
  list.push(p);
  PHRASES_BY_FIRST.set(p.phrase[0]!, list);
}

const VOCABULARY_TERMS = new Set<string>([...RELATED.keys(), ...PHRASES.flatMap((p) => [...p.phrase, p.term])]);

/** True for a term of the domain vocabulary: a real word, never to be "corrected" into another. */
export function isVocabularyTerm(term: string): boolean {
  return VOCABULARY_TERMS.has(term);
}

/** Terms that mean (nearly) the same as `term`, with their weights; never `term` itself. */
export function relatedTerms(term: string): readonly RelatedTerm[] {
  return RELATED.get(term) ?? [];
}

/** The single terms that multi-word forms in a term sequence stand for (`general data protect regul` → `gdpr`). */
export function phraseMatchesIn(terms: readonly string[]): Array<{ term: string; from: number; to: number }> {
  const found: Array<{ term: string; from: number; to: number }> = [];
  for (let i = 0; i < terms.length; i++) {
    for (const p of PHRASES_BY_FIRST.get(terms[i]!) ?? []) {
      if (p.phrase.every((w, j) => terms[i + j] === w)) found.push({ term: p.term, from: i, to: i + p.phrase.length });
    }
  }
  return found;
}

/** Just the single terms of `phraseMatchesIn`. */
export function phraseTermsIn(terms: readonly string[]): string[] {
  return phraseMatchesIn(terms).map((p) => p.term);
}

/** A text's terms plus the terms its multi-word forms stand for: what the index stores. */
export function indexTermsOf(text: string): string[] {
  const terms = termsOf(text);
  return [...terms, ...phraseTermsIn(terms)];
}

type Language = ForeignLanguage;
const TRANSLATIONS = new Map<string, { english: string; language: Language }>();
for (const [language, table] of Object.entries(translations)) {
  for (const [word, english] of Object.entries(table)) {
    const key = foldWord(word);
    if (!TRANSLATIONS.has(key)) TRANSLATIONS.set(key, { english, language: language as Language });
  }
}

/** Every folded foreign word the translation table holds. */
export function translatedWords(): Iterable<string> {
  return TRANSLATIONS.keys();
}

/** The English words for a folded foreign word of the policy domain, if the vocabulary has it. */
export function translateWord(folded: string): { english: string; language: Language } | undefined {
  return TRANSLATIONS.get(folded);
}
