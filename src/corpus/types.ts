/**
 * The shapes the corpus loader produces. Everything downstream (search, answers, server)
 * reads these and nothing else from the files.
 *
 * Offsets are UTF-16 code-unit offsets into `PolicyDocument.text` (what `String#slice` uses),
 * so `text.slice(start, end)` is always the verbatim source of a span.
 */

export type DocumentFormat = 'text' | 'markdown' | 'html' | 'pdf' | 'docx';

/** A half-open character range `[start, end)` into a document's text. */
export interface Span {
  start: number;
  end: number;
}

/**
 * A unit of body text inside a clause. Blocks never cross a clause boundary.
 * - `paragraph`: running prose (one or more sentences).
 * - `list-item`: one bullet or numbered list entry (its marker, like `- `, is outside the span).
 * - `lines`: a run of short lines that belong together, such as a postal address;
 *   treated as one sentence-sized unit by the answerer.
 * - `table-row`: one row of a table, its cells joined by " | " on one line (the header row is
 *   a row too, written first); one sentence-sized unit.
 */
export interface Block extends Span {
  kind: 'paragraph' | 'list-item' | 'lines' | 'table-row';
}

export interface Clause extends Span {
  /** Numbering path, unique in its document: `A`, `C.1`, `C.1~2`, `2.1`, `B.some-slug`, `p3`, `preamble`. */
  id: string;
  /** Heading text without its number (`General Note`); '' for headingless paragraphs (`p1`...). */
  heading: string;
  /** The heading's own span in the text (number included), or null when there is none. */
  headingSpan: Span | null;
  /** Id of the enclosing clause, null at the top level. */
  parentId: string | null;
  /** 1 for top-level clauses. */
  depth: number;
  /**
   * The clause's own body, in order: the text between its heading and the next heading
   * of any level. Sub-clauses are separate clauses; they are not repeated here.
   */
  blocks: Block[];
  /** Offset where the body starts (just after the heading line); equals `start` without a heading. */
  bodyStart: number;
  /**
   * Where the clause's own heading and body were written in the original file (offsets into
   * the file as read, for an editor to jump to); null for formats without a character source
   * (PDF, Word).
   */
  source: SourceSpan | null;
}

/** A range of the original file, with the 1-based line it starts on. */
export interface SourceSpan extends Span {
  line: number;
}

export type WarningLevel = 'error' | 'warning' | 'info';

export type WarningCode =
  | 'unreadable_file'
  | 'unsupported_format'
  | 'empty_document'
  | 'repeated_heading'
  | 'empty_section'
  | 'ends_mid_sentence'
  | 'off_topic_text'
  | 'unclosed_fence'
  | 'swallowed_heading'
  | 'long_clause'
  | 'list_cut'
  | 'markup_in_text';

export interface LoadWarning {
  code: WarningCode;
  level: WarningLevel;
  message: string;
  /** The file the warning is about (relative to the corpus folder). */
  file: string;
  clauseId?: string;
  start?: number;
  end?: number;
}

export interface PolicyDocument {
  /** File name without extension: `acme-privacy-policy` for `acme-privacy-policy.md`. */
  id: string;
  /** The single top-level title, or null. Never part of clause ids. */
  title: string | null;
  format: DocumentFormat;
  /** Path relative to the corpus folder. */
  file: string;
  /**
   * The clean reading text a visitor sees: no Markdown, HTML or BBCode markup (a link is its
   * text, a table row one line of cells joined by " | ", each list item on its own line).
   * A plain-text file without markup is kept unchanged. All offsets refer to this text.
   */
  text: string;
  /** What the policy says about itself: its dates (from front matter or the text). */
  metadata: DocumentMetadata;
  /** Clauses in document order (a parent comes before its children). */
  clauses: Clause[];
  warnings: LoadWarning[];
}

/** A date as the policy states it, and as an ISO date (`2024-03-01`) when it can be read. */
export interface DocumentDate {
  text: string;
  iso: string | null;
}

export interface DocumentMetadata {
  /** "Last updated/modified/revised …", or a bare date under the title (a version date). */
  lastUpdated: DocumentDate | null;
  /** "Effective (date) …", "In force since …". */
  effective: DocumentDate | null;
}

export interface LoadedCorpus {
  documents: PolicyDocument[];
  /** Problems with files that could not be loaded at all (each names its file). */
  errors: LoadWarning[];
}
