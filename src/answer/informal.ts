/**
 * Chat spelling read as the words it stands for before a question is parsed ("do u sell my
 * data", "wat r my rights", "dont", "2fa"): src/vocabulary/informal.json. Only whole words that are
 * not words in their own right are listed there, and only questions not detected as another
 * language are rewritten (the Spanish "y" is "and", not "why").
 */
import { informalWords } from '../vocabulary/vocabulary.ts';

const WORDS = new Map(Object.entries(informalWords));
const WORD = /(?<![\p{L}\p{N}'’/])[\p{L}\p{N}'’/]+(?![\p{L}\p{N}'’/])/gu;

export function expandInformal(text: string, language: string): string {
  if (language !== 'en') return text;
  return text.replace(WORD, (w) => {
    const lower = w.toLowerCase();
    const plain = WORDS.get(lower) ?? WORDS.get(lower.replace(/['’]/g, ''));
    return plain === undefined || (lower.includes("'") && !WORDS.has(lower)) ? w : plain;
  });
}
