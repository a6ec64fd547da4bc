import { abbreviationKind, lastToken } from './abbreviations.ts';

/**
 * Line-level helpers shared by the plain-text and Markdown parsers. Both keep the file's
 * text unchanged, so every line carries offsets into that text rather than a copy.
 */

export interface Line {
  /** Where the raw line begins (after a leading BOM on the first line). */
  lineStart: number;
  /** First non-blank character; equals `end` for a blank line. */
  start: number;
  /** Just after the last non-blank character. */
  end: number;
  /** Just past the line terminator, or the end of the text. */
  next: number;
  /** The line without surrounding white space. */
  text: string;
}

const BOM = '\uFEFF';

export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  // A BOM is kept in the stored text (offsets must match the file), but it is not content.
  let pos = text.startsWith(BOM) ? 1 : 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const next = nl === -1 ? text.length : nl + 1;
    const lineEnd = nl === -1 ? text.length : nl;
    let start = pos;
    let end = lineEnd;
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    lines.push({ lineStart: pos, start, end, next, text: text.slice(start, end) });
    pos = next;
  }
  return lines;
}

export function isBlank(line: Line): boolean {
  return line.start === line.end;
}

/** Punctuation that closes a sentence or a lead-in, possibly followed by closing quotes/brackets. */
const TERMINATED = /[.!?;:…]["'”’)\]]*$/;

export function endsWithTerminator(s: string): boolean {
  return TERMINATED.test(s);
}

/** Like `endsWithTerminator`, but a final abbreviation (`Harbor & Finch Ltd.`) does not count. */
function endsWithSentence(s: string): boolean {
  return endsWithTerminator(s) && !(s.endsWith('.') && abbreviationKind(lastToken(s)) !== null);
}

/** Longest line still counted as "short" (an address line, a heading, a title). */
export const SHORT_LINE = 60;

/**
 * One line of an address or similar label block: short, no closing punctuation, and (after
 * the first line) starting like a new entry rather than a wrapped continuation.
 */
export function isAddressLine(t: string, first: boolean): boolean {
  return t.length > 0 && t.length <= SHORT_LINE && !endsWithSentence(t) && (first || /^[\p{Lu}\p{N}+(@]/u.test(t));
}

/** Two or more lines that together look like an address. */
export function isAddressRun(texts: readonly string[]): boolean {
  return texts.length >= 2 && texts.every((t, i) => isAddressLine(t, i === 0));
}

/** Trim a span of the text to its non-blank content; null when nothing is left. */
export function trimSpan(text: string, start: number, end: number): { start: number; end: number } | null {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return start < end ? { start, end } : null;
}

/** Offset after the last non-blank character of the whole text. */
export function trimmedEnd(text: string): number {
  let end = text.length;
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  return end;
}
