/**
 * The format-neutral result of parsing one file, before clause ids exist. Each format parser
 * (text, Markdown, HTML, PDF, Word) produces this; `build-clauses.ts` is the only consumer, so
 * the numbering and warning rules live in one place for all formats.
 */
import type { Block, DocumentFormat, LoadWarning, Span } from './types.ts';

export interface ParsedHeading {
  type: 'heading';
  /**
   * Nesting rank: a smaller number is a higher level. Only comparisons between headings
   * matter, so formats may use any scale (Markdown `#` counts, text numbering styles).
   */
  level: number;
  /** The heading's own number as written, without its trailing `.`/`)`: `A`, `1`, `2.1`, `IV`; null if unnumbered. */
  label: string | null;
  /** Heading text without its number and without a trailing colon. */
  heading: string;
  /** The heading text including its number, excluding markup such as a `#` run. */
  headingSpan: Span;
  /** Where the heading's line starts; the clause starts here. */
  start: number;
  /** Just after the heading's line; the clause body starts here. */
  bodyStart: number;
  /** Where the heading was written in the original file, when the format has character offsets. */
  source?: Span;
  /**
   * Not a heading in the text: the text after a run of sub-sections (records) that belongs to
   * the section again. It becomes a clause without a heading, its id anchored to the section
   * and its own first words; `heading` is '' and `headingSpan` is empty.
   */
  continuation?: boolean;
}

export interface ParsedBlock {
  type: 'block';
  block: Block;
  /**
   * Blocks with the same group number were written as one blank-line-separated paragraph
   * (a lead-in and its list, say); a headingless document becomes one clause per group.
   */
  group: number;
  /** Where the block was written in the original file, when the format has character offsets. */
  source?: Span;
}

export type ParsedItem = ParsedHeading | ParsedBlock;

/** Metadata a format carries outside its text (Markdown front matter). */
export interface ParsedMetadata {
  title?: string;
  lastUpdated?: string;
  effective?: string;
}

export interface ParsedBody {
  format: DocumentFormat;
  /** The clean reading text (see `PolicyDocument.text`). */
  text: string;
  title: string | null;
  items: ParsedItem[];
  /** From front matter; the text's own date lines are read later. */
  metadata?: ParsedMetadata;
  /** Problems the parser itself saw (an unclosed code fence), without `file`. */
  warnings?: Omit<LoadWarning, 'file'>[];
}
