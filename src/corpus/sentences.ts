/**
 * Sentence spans inside blocks. `Intl.Segmenter` does the first cut; it breaks after any
 * period followed by a capital or a digit, so breaks after abbreviations (`Art. 45`,
 * `Swiss-U.S. Data Privacy Framework`) and at soft line wraps are merged back.
 */
import { abbreviationKind, isSentenceStarter, lastToken } from './abbreviations.ts';
import { trimSpan } from './lines.ts';
import type { Block, Span } from './types.ts';

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

const TERMINAL = /[.!?…]["'”’)\]]*$/;

function firstWord(s: string): string {
  return /^[(\["'“‘]*([\p{L}\p{N}]+)/u.exec(s)?.[1] ?? '';
}

/** Net open parentheses in `s`, starting from `depth` (never below zero). */
function parenDepth(s: string, depth: number): number {
  for (const ch of s) {
    if (ch === '(') depth++;
    else if (ch === ')' && depth > 0) depth--;
  }
  return depth;
}

/**
 * Whether the segmenter's break is wrong. `prevTail` is the end of the sentence so far
 * (enough for its last word), `openParens` its unclosed parentheses.
 */
function isFalseBreak(prevTail: string, openParens: number, next: string): boolean {
  // No closing punctuation: the segmenter broke at a line end inside a wrapped sentence.
  if (!TERMINAL.test(prevTail)) return true;
  if (/^[(\["'“‘]*\p{Ll}/u.test(next)) return true;
  if (openParens > 0 && next.includes(')')) return true;
  const kind = abbreviationKind(lastToken(prevTail));
  if (kind === 'never-final') return true;
  // `Ltd. Main Street` continues; `etc. The` starts anew.
  return kind === 'may-be-final' && !isSentenceStarter(firstWord(next));
}

/** Longest word looked at before a break; longer tokens are not abbreviations anyway. */
const TAIL = 80;

/** Segmenting time grows with the square of the input's length in V8, so long blocks go in pieces. */
const CHUNK = 2000;
const CHUNK_CUT = /[.!?…]["'”’)\]]*\s+/g;

/**
 * Pieces of at most about CHUNK characters, cut after a sentence end where possible (else at
 * white space). A cut in the wrong place is a wrong break like any other and is merged back.
 */
function* chunks(text: string, span: Span): Generator<Span> {
  let start = span.start;
  while (span.end - start > CHUNK) {
    const window = text.slice(start, start + CHUNK);
    let cut = -1;
    for (const m of window.matchAll(CHUNK_CUT)) if (m.index > 0) cut = m.index + m[0].length;
    if (cut === -1) cut = window.search(/\s\S*$/) + 1;
    if (cut <= 0) cut = CHUNK;
    yield { start, end: start + cut };
    start += cut;
  }
  yield { start, end: span.end };
}

function* segments(text: string, span: Span): Generator<Span> {
  for (const chunk of chunks(text, span)) {
    for (const seg of segmenter.segment(text.slice(chunk.start, chunk.end))) {
      yield { start: chunk.start + seg.index, end: chunk.start + seg.index + seg.segment.length };
    }
  }
}

/** Verbatim, trimmed sentence spans inside `span` of `text`, in order. */
export function splitSentences(text: string, span: Span): Span[] {
  const out: Span[] = [];
  let openParens = 0;
  for (const seg of segments(text, span)) {
    const s = trimSpan(text, seg.start, seg.end);
    if (!s) continue;
    const next = text.slice(s.start, s.end);
    const prev = out[out.length - 1];
    if (prev && isFalseBreak(text.slice(Math.max(prev.start, prev.end - TAIL), prev.end), openParens, next)) {
      prev.end = s.end;
      openParens = parenDepth(next, openParens);
    } else {
      out.push(s);
      openParens = parenDepth(next, 0);
    }
  }
  return out;
}
/** Sentence units of a block: a `lines` block (an address) is one unit as a whole. */
export function sentencesOf(text: string, block: Block): Span[] {
  if (block.kind === 'lines') {
    const s = trimSpan(text, block.start, block.end);
    return s ? [s] : [];
  }
  return splitSentences(text, block);
}
