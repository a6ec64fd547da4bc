/**
 * Chat spelling read as the words it stands for before a question is parsed ("do u sell my
 * data", "wat r my rights", "dont", "2fa"): src/vocabulary/informal.json. Only whole words that are
 * not words in their own right are listed there, and only questions not detected as another
 * language are rewritten (the Spanish "y" is "and", not "why").
 *
 * Entries of several words are phrases whose words are stop words but whose meaning is a topic:
 * "will you tell me if the police ask", "how will I know if the policy changes" ask about being
 * notified, while "tell me how long …" and "do you know …" are fillers; the phrase is read as the
 * word it stands for ("notify me if") before the single words.
 */
import { phraseAlternation } from '../text/regex.ts';
import { informalWords } from '../vocabulary/vocabulary.ts';

const WORDS = new Map(Object.entries(informalWords).filter(([k]) => !k.includes(' ')));
const PHRASES = Object.entries(informalWords).filter(([k]) => k.includes(' '));
const WORD = /(?<![\p{L}\p{N}'’/])[\p{L}\p{N}'’/]+(?![\p{L}\p{N}'’/])/gu;
/** One matcher for every phrase, longest first, whole words only. */
const PHRASE = PHRASES.length
  ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${phraseAlternation(PHRASES.map(([k]) => k))})(?![\\p{L}\\p{N}])`, 'giu')
  : null;
const PHRASE_OF = new Map(PHRASES);

export function expandInformal(text: string, language: string): string {
  if (language !== 'en') return text;
  const words = text.replace(WORD, (w) => {
    const lower = w.toLowerCase();
    const plain = WORDS.get(lower) ?? WORDS.get(lower.replace(/['’]/g, ''));
    return plain === undefined || (lower.includes("'") && !WORDS.has(lower)) ? w : plain;
  });
  return PHRASE ? words.replace(PHRASE, (p) => PHRASE_OF.get(p.toLowerCase().replace(/\s+/g, ' ')) ?? p) : words;
}
