/** Building regular expressions from word lists (the vocabulary's phrases are text, not patterns). */

/** `s` as a pattern that matches it literally. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One alternation of `phrases`, longest first (so "and if so" wins over "if so"), each matched
 * literally with any run of white space where it has a space; no anchors or flags.
 */
export function phraseAlternation(phrases: Iterable<string>): string {
  return [...phrases]
    .sort((a, b) => b.length - a.length)
    .map((p) => escapeRegExp(p).replace(/ /g, '\\s+'))
    .join('|');
}
