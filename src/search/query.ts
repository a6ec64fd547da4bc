/**
 * From a question as typed to the weighted terms search runs on: foreign domain words read as
 * English (German, Spanish, French, Italian), typos corrected against the corpus, synonyms and
 * abbreviations added at lower weight.
 */
import { foldWord, termOf, tokenize, type Token } from '../text/analyze.ts';
import { isVocabularyTerm, phraseMatchesIn, relatedTerms, translatedWords, translateWord } from './vocabulary.ts';
import type { TypoCorrector } from './typos.ts';
import type { WeightedTerm } from './clause-index.ts';
import { FOREIGN_LANGUAGES, stopWordList, type Language } from '../vocabulary/vocabulary.ts';

export type QuestionLanguage = Language;
/** English first: a foreign language wins only by a margin over it. */
const LANGUAGES: QuestionLanguage[] = ['en', ...FOREIGN_LANGUAGES];
/** Each foreign language's stop words, folded (a foreign question's fillers). */
const FOREIGN_STOP_SETS = new Map<QuestionLanguage, Set<string>>(
  FOREIGN_LANGUAGES.map((l) => [l, new Set(stopWordList(l).map(foldWord))] as [QuestionLanguage, Set<string>]),
);

/**
 * Per folded word, what it says about a question's language, read with one look-up per word:
 * the languages it is a stop word of (bit l of `stops` for LANGUAGES[l]) and the language of its
 * entry in the translation table (its index in LANGUAGES, or -1).
 */
const LANGUAGE_MARKS = new Map<string, { stops: number; translated: number }>();
function mark(word: string): { stops: number; translated: number } {
  let m = LANGUAGE_MARKS.get(word);
  if (!m) LANGUAGE_MARKS.set(word, (m = { stops: 0, translated: -1 }));
  return m;
}
for (const w of stopWordList('en')) mark(w).stops |= 1;
LANGUAGES.forEach((l, i) => {
  if (i > 0) for (const w of FOREIGN_STOP_SETS.get(l)!) mark(w).stops |= 1 << i;
});
for (const w of translatedWords()) mark(w).translated = LANGUAGES.indexOf(translateWord(w)!.language);

/** A term of the question and where it came from. */
export interface QueryTerm extends WeightedTerm {
  /** `typed`: the user's word; `translated`: from a foreign word; `corrected`: a typo fixed; `related`: synonym or abbreviation. */
  source: 'typed' | 'translated' | 'corrected' | 'related';
  /** For related terms: the term they stand in for. */
  of?: string;
  /** Terms that count as this one in this question: a phrase's single term for each of its words. */
  forms?: string[];
}

export interface ParsedQuery {
  text: string;
  language: QuestionLanguage;
  tokens: Token[];
  /** The English reading of the question, word by word (translations applied), folded. */
  englishWords: string[];
  /** The user's own terms (typed, translated or corrected): what coverage is measured on. */
  core: QueryTerm[];
  /** Core terms plus related ones: what retrieval runs on. */
  terms: QueryTerm[];
}

export function detectLanguage(tokens: Token[]): QuestionLanguage {
  // Each language's score: its stop words, plus 1.5 for each word of its translation table. One
  // pass over the tokens (the sums are of 1 and 1.5, exact in any order).
  const scores = new Array<number>(LANGUAGES.length).fill(0);
  for (const t of tokens) {
    const marks = LANGUAGE_MARKS.get(t.word);
    if (!marks) continue;
    for (let l = 0; l < LANGUAGES.length; l++) if (marks.stops & (1 << l)) scores[l]! += 1;
    if (marks.translated > 0) scores[marks.translated]! += 1.5;
  }
  let best: QuestionLanguage = 'en';
  let bestScore = scores[0]!;
  for (let l = 1; l < LANGUAGES.length; l++) {
    if (scores[l]! > bestScore + 0.5) {
      best = LANGUAGES[l]!;
      bestScore = scores[l]!;
    }
  }
  return best;
}

export interface ParseOptions {
  /** Corrects words the corpus does not know. */
  corrector?: TypoCorrector;
  /** Whether the corpus knows a term (only unknown terms are corrected). */
  knows?: (term: string) => boolean;
  /** `tokenize(text)` and `detectLanguage` of them, when the caller has them already. */
  read?: { tokens: Token[]; language: QuestionLanguage };
}

export function parseQuery(text: string, options: ParseOptions = {}): ParsedQuery {
  const tokens = options.read?.tokens ?? tokenize(text);
  const language = options.read?.language ?? detectLanguage(tokens);
  const foreignStop = language === 'en' ? undefined : FOREIGN_STOP_SETS.get(language);
  const englishWords: string[] = [];
  const core: QueryTerm[] = [];
  const seen = new Set<string>();
  const add = (list: QueryTerm[], t: QueryTerm) => {
    if (seen.has(t.term)) return;
    seen.add(t.term);
    list.push(t);
  };

  for (const token of tokens) {
    const translation = translateWord(token.word);
    // An English word that happens to be in a foreign table (`base`, `legal`) reads the same either way.
    if (translation && (language !== 'en' || token.term === null || !options.knows?.(token.term))) {
      for (const w of translation.english.split(/\s+/)) {
        englishWords.push(w);
        const term = termOf(foldWord(w));
        if (term) add(core, { term, weight: 1, source: 'translated' });
      }
      continue;
    }
    if (foreignStop?.has(token.word)) continue;
    englishWords.push(token.word);
    if (token.term === null) continue;
    if (options.knows && options.corrector && !options.knows(token.term) && !isVocabularyTerm(token.term)) {
      const fixed = options.corrector.correct(token.term);
      if (fixed) {
        add(core, { term: fixed, weight: 0.9, source: 'corrected', of: token.term });
        continue;
      }
    }
    // In a foreign question, a word neither translated nor known to the corpus is most likely a
    // verb or filler the vocabulary lacks (`debo`), not the topic.
    const foreignFiller = language !== 'en' && options.knows !== undefined && !options.knows(token.term) && !isVocabularyTerm(token.term);
    add(core, { term: token.term, weight: foreignFiller ? 0.3 : 1, source: 'typed' });
  }

  const terms = [...core];
  for (const c of core) {
    for (const r of relatedTerms(c.term)) {
      if (!seen.has(r.term)) add(terms, { term: r.term, weight: r.weight * c.weight, source: 'related', of: c.term });
    }
  }
  for (const { term, from, to } of phraseMatchesIn(core.map((c) => c.term))) {
    // `third party` stands for `partner`: each of its words is met by a `partner` in the text.
    for (const c of core.slice(from, to)) c.forms = [...(c.forms ?? []), term];
    if (seen.has(term)) continue;
    terms.push({ term, weight: 0.9, source: 'related' });
    seen.add(term);
  }
  return { text, language, tokens, englishWords, core, terms };
}

/** The English reading of the question as one lower-case string, for cue phrases (`how long`, `part of`). */
export function englishText(query: ParsedQuery): string {
  return ` ${query.englishWords.join(' ')} `;
}

