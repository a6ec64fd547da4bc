/** The answer object of the public protocol (see docs/protocol.md). */

export type Verdict = 'yes' | 'no' | 'conditional' | 'not_stated';

export interface Citation {
  documentId: string;
  clauseId: string;
  heading: string;
  /** Verbatim: `document.text.slice(start, end) === excerpt`. */
  excerpt: string;
  start: number;
  end: number;
  score: number;
  /** Matched terms' ranges relative to `excerpt`: `[[start, end], ...]`. */
  highlights: Array<[number, number]>;
}

export interface Answer {
  text: string;
  answerable: boolean;
  verdict: Verdict | null;
  confidence: number;
  citations: Citation[];
}
