/**
 * Text that reads like a heading although the source does not mark it as one: a short bold
 * line in Markdown or HTML, a `[B]…[/B]` or ALL-CAPS line in plain text. The limits are here
 * once for every format.
 */

/** Longest pseudo-heading, in characters and in words (longer bold text is emphasised prose). */
export const MAX_PSEUDO_HEADING_CHARS = 120;
export const MAX_PSEUDO_HEADING_WORDS = 16;

/** Short, has a letter, and does not end like a sentence (a trailing colon is fine). */
export function isPseudoHeadingText(s: string): boolean {
  const t = s.trim();
  if (!t || t.length > MAX_PSEUDO_HEADING_CHARS || t.split(/\s+/).length > MAX_PSEUDO_HEADING_WORDS) return false;
  if (!/\p{L}/u.test(t)) return false;
  return !/[.!;,]["'”’)]*$/.test(t);
}

/** An ALL-CAPS line: at least two words or six letters, every letter upper case. */
export function isAllCapsLine(s: string): boolean {
  const letters = s.replace(/[^\p{L}]/gu, '');
  if (letters.length < 4 || letters !== letters.toUpperCase() || letters === letters.toLowerCase()) return false;
  return (s.trim().split(/\s+/).length >= 2 || letters.length >= 6) && isPseudoHeadingText(s);
}
