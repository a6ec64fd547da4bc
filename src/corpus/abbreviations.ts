/**
 * Abbreviations that end in a period but need not end a sentence. The lists are data
 * (`src/vocabulary/sentence-abbreviations.json`, described in docs/corpus.md) so they can grow without code changes.
 */
import { sentenceAbbreviations as data } from '../vocabulary/vocabulary.ts';

const key = (s: string): string => s.toLowerCase().replace(/\.$/, '');
const NEVER_FINAL = new Set(data.neverFinal.map(key));
const MAY_BE_FINAL = new Set(data.mayBeFinal.map(key));
const STARTERS = new Set(data.sentenceStarters.map(key));

/**
 * - 'never-final': takes an argument (`Art. 45`, `e.g. the`), so it never closes a sentence.
 * - 'may-be-final': usually mid-sentence (`Ltd.`, `U.S.`, initials) but can close one.
 */
export type AbbreviationKind = 'never-final' | 'may-be-final' | null;

/** The last word of `s`, without opening punctuation and hyphenated prefixes: `(Swiss-U.S.` → `U.S.`. */
export function lastToken(s: string): string {
  const word = /(\S+)$/.exec(s)?.[1] ?? '';
  const bare = word.replace(/^[(\["'“‘]+/, '');
  return bare.slice(Math.max(bare.lastIndexOf('-'), bare.lastIndexOf('/')) + 1);
}

export function abbreviationKind(token: string): AbbreviationKind {
  if (!token.endsWith('.')) return null;
  const k = key(token);
  if (NEVER_FINAL.has(k)) return 'never-final';
  if (MAY_BE_FINAL.has(k)) return 'may-be-final';
  // Dotted acronyms (`U.S.`, `i.L.`) and initials (`J.`) are read like `Ltd.`.
  if (/^(?:\p{L}\.)+\p{L}$/u.test(k) || /^\p{Lu}\.$/u.test(token)) return 'may-be-final';
  return null;
}

/** Words that typically open a sentence; after a 'may-be-final' abbreviation they mean a new one. */
export function isSentenceStarter(word: string): boolean {
  return STARTERS.has(word.toLowerCase());
}
