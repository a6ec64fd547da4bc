/**
 * Builds the clean reading text of a marked-up policy (HTML, Markdown, PDF, Word): one block
 * per line, a blank line between blocks, or a single line break between the items of one list
 * or the rows of one table. Spans are recorded as blocks are appended, so they index this text
 * exactly.
 */
import type { Span } from './types.ts';

export class NormalisedText {
  private parts: string[] = [];
  private length = 0;

  /**
   * Appends a block (already whitespace-normalised) and returns its span. `tight`: on the
   * next line rather than after a blank line (list items, table rows).
   */
  add(block: string, tight = false): Span {
    if (this.length > 0) this.push(tight ? '\n' : '\n\n');
    const start = this.length;
    this.push(block);
    return { start, end: this.length };
  }

  toString(): string {
    return this.parts.join('');
  }

  private push(s: string): void {
    this.parts.push(s);
    this.length += s.length;
  }
}

/** Collapses inline white space; `\n` marks a `<br>` and survives as a line break. */
export function normaliseInline(raw: string): string {
  return raw
    .split('\n')
    .map((line) => line.replace(/[\s\u00a0]+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

/** Preformatted text keeps its line breaks; only trailing spaces and blank edges go. */
export function normalisePre(raw: string): string {
  return raw
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/\s+$/, ''))
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}
