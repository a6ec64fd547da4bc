/**
 * PDF policies, read with pdfjs-dist (legacy build, for Node). The text layer's pieces become
 * lines (by position), running headers, footers and page numbers are removed, lines are joined
 * into paragraphs (a wider gap, a new font size or a list marker starts a new one; a word
 * hyphenated at a line end is joined again), and the paragraphs are read as plain text, one a
 * line: numbering, ALL-CAPS and colon headings as for a .txt file, plus lines set in a larger
 * font than the body.
 */
import { LIST_MARKER } from './text-headings.ts';
import { parseText } from './parse-text.ts';
import type { ParsedBody } from './parsed.ts';

export interface PdfLine {
  text: string;
  /** Baseline, in PDF units from the page bottom. */
  y: number;
  /** Font size of the line's largest piece. */
  size: number;
  page: number;
}

interface Piece {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

/** A piece whose baseline is within this share of its size of a line's is on that line. */
const SAME_LINE = 0.3;
/** A vertical step wider than this many font sizes between two lines starts a new paragraph. */
const PARAGRAPH_GAP = 1.45;
/** A line this much larger than the body text is a heading. */
const HEADING_SIZE = 1.15;
/** A running header or footer repeats on at least this share of the pages. */
const RUNNING_SHARE = 0.5;

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;

/**
 * pdfjs-dist, loaded on the first PDF. Its legacy build (the one that runs on Node.js 20) installs
 * core-js polyfills when it is loaded, and on Node.js 20 two of them replace the engine's
 * `JSON.parse` and `JSON.stringify` for the whole process with script versions (for
 * `JSON.rawJSON` and source-text access, which neither pdfjs nor this program uses) that are
 * several times slower: every WebSocket frame read and every reply written paid for it. The
 * engine's own are put back as soon as the module is loaded (the polyfills that only add
 * missing methods stay).
 */
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= (async () => {
    const { parse, stringify } = JSON;
    try {
      return await import('pdfjs-dist/legacy/build/pdf.mjs');
    } finally {
      JSON.parse = parse;
      JSON.stringify = stringify;
    }
  })();
  return pdfjs;
}

const PAGE_NUMBER = /^(?:page\s+)?\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$|^-\s*\d{1,4}\s*-$/i;

function toLines(pieces: Piece[], page: number): PdfLine[] {
  const lines: Array<{ y: number; size: number; pieces: Piece[] }> = [];
  for (const p of pieces.filter((x) => x.str.trim()).sort((a, b) => b.y - a.y || a.x - b.x)) {
    const line = lines.find((l) => Math.abs(l.y - p.y) <= SAME_LINE * Math.max(l.size, p.size));
    if (line) {
      line.pieces.push(p);
      line.size = Math.max(line.size, p.size);
    } else lines.push({ y: p.y, size: p.size, pieces: [p] });
  }
  return lines
    .sort((a, b) => b.y - a.y)
    .map((l) => {
      let text = '';
      let end = -Infinity;
      for (const p of l.pieces.sort((a, b) => a.x - b.x)) {
        const gap = p.x - end;
        if (text && !/\s$/.test(text) && !/^\s/.test(p.str) && gap > 0.1 * p.size) text += ' ';
        text += p.str;
        end = p.x + p.width;
      }
      return { text: text.replace(/\s+/g, ' ').trim(), y: l.y, size: l.size, page };
    })
    .filter((l) => l.text);
}

/** Lines that repeat at the top or bottom of many pages (digits ignored), and page numbers there. */
function withoutRunningLines(pages: PdfLine[][]): PdfLine[][] {
  const key = (l: PdfLine) => l.text.replace(/\d+/g, '#').toLowerCase();
  const edgeCounts = new Map<string, number>();
  const edges = (lines: PdfLine[]) => [lines[0], lines[lines.length - 1]].filter((l): l is PdfLine => l !== undefined);
  for (const lines of pages) for (const k of new Set(edges(lines).map(key))) edgeCounts.set(k, (edgeCounts.get(k) ?? 0) + 1);
  const running = (l: PdfLine) =>
    PAGE_NUMBER.test(l.text) || (pages.length >= 2 && (edgeCounts.get(key(l)) ?? 0) >= Math.max(2, RUNNING_SHARE * pages.length));
  return pages.map((lines) => {
    const out = [...lines];
    // Peel repeated lines off the top and the bottom (a header can be two lines).
    while (out.length > 0 && running(out[0]!)) out.shift();
    while (out.length > 0 && running(out[out.length - 1]!)) out.pop();
    return out;
  });
}

/** The font size most of the text is set in. */
function bodySize(lines: PdfLine[]): number {
  const chars = new Map<number, number>();
  for (const l of lines) chars.set(Math.round(l.size), (chars.get(Math.round(l.size)) ?? 0) + l.text.length);
  return [...chars.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}

/** Marks a line-end hyphen before a lower-case word part until the whole text can tell what it was. */
const SPLIT = '\u0001';

/**
 * Joins a wrapped line to the next. A line ending in a hyphen continues the word: before a
 * capital or a digit the hyphen is part of it (`Cluj-` `Napoca`, `104-` `0061`); before a
 * lower-case part it may be a compound's (`well-` `functioning`) or hyphenation's, settled later.
 */
function joinWrapped(prev: string, next: string): string {
  // A soft hyphen is hyphenation by definition.
  if (/\p{L}\u00ad$/u.test(prev)) return prev.slice(0, -1) + next;
  if (/[\p{L}\p{N}]-$/u.test(prev)) return /^\p{Ll}/u.test(next) ? prev.slice(0, -1) + SPLIT + next : prev + next;
  return `${prev} ${next}`;
}

/**
 * Settles each line-end hyphen before a lower-case part by what the rest of the document writes:
 * the word without the hyphen elsewhere (`infor-` `mation` where "information" occurs) →
 * hyphenation, undone; otherwise the hyphen is kept, since browsers and word processors print
 * policies without automatic hyphenation and a kept hyphen loses no word (`well-functioning`).
 */
function settleHyphens(paragraphs: string[]): string[] {
  const whole = paragraphs.join('\n');
  const words = new Set(whole.replace(new RegExp(`[\\p{L}\\p{N}]+${SPLIT}[\\p{L}\\p{N}]+`, 'gu'), ' ').toLowerCase().match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu) ?? []);
  const parts = new Set([...words].flatMap((w) => w.split('-')));
  return paragraphs.map((p) =>
    p.replace(new RegExp(`([\\p{L}\\p{N}]+)${SPLIT}([\\p{L}\\p{N}]+)`, 'gu'), (_, a: string, b: string) => {
      const joined = `${a}${b}`.toLowerCase();
      return words.has(joined) || parts.has(joined) ? a + b : `${a}-${b}`;
    }),
  );
}

/**
 * The reading text (one paragraph a line) and which of its lines are set larger than the body.
 * Pure, so the paragraph rules can be tested without a PDF.
 */
export function pdfText(pages: PdfLine[][]): { text: string; headingLines: Set<number> } {
  const kept = withoutRunningLines(pages).flat();
  const body = bodySize(kept);
  const isHeading = (l: PdfLine) => body > 0 && l.size >= HEADING_SIZE * body;
  const paragraphs: Array<{ text: string; heading: boolean }> = [];
  let prev: PdfLine | undefined;
  for (const l of kept) {
    const last = paragraphs[paragraphs.length - 1];
    const continues =
      prev !== undefined &&
      last !== undefined &&
      !last.heading &&
      !isHeading(l) &&
      Math.round(l.size) === Math.round(prev.size) &&
      !LIST_MARKER.test(l.text) &&
      (l.page === prev.page
        ? prev.y - l.y <= PARAGRAPH_GAP * l.size
        : !/[.!?:;]["'”’)]*$/.test(prev.text) && /^\p{Ll}/u.test(l.text));
    if (continues) last.text = joinWrapped(last.text, l.text);
    else paragraphs.push({ text: l.text, heading: isHeading(l) });
    prev = l;
  }
  const headingLines = new Set<number>();
  paragraphs.forEach((p, i) => p.heading && headingLines.add(i));
  return { text: settleHyphens(paragraphs.map((p) => p.text)).join('\n'), headingLines };
}

/** The positioned lines of every page. */
export async function pdfLines(bytes: Uint8Array): Promise<PdfLine[][]> {
  const { getDocument } = await loadPdfJs();
  // pdfjs refuses a Node Buffer and takes the array it is given (transfers it to its worker):
  // it gets a plain copy, the caller keeps its bytes.
  const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const pages: PdfLine[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const pieces: Piece[] = [];
      for (const it of content.items) {
        if (!('str' in it)) continue;
        const [a, b, , , x, y] = it.transform as number[];
        pieces.push({ str: it.str, x: x!, y: y!, width: it.width, size: Math.hypot(a!, b!) || it.height });
      }
      pages.push(toLines(pieces, n));
      page.cleanup();
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

export async function parsePdf(bytes: Uint8Array): Promise<ParsedBody> {
  const { text, headingLines } = pdfText(await pdfLines(bytes));
  const body = parseText(text, headingLines);
  // Offsets into a PDF's bytes mean nothing to an editor: no source ranges.
  for (const it of body.items) delete it.source;
  return { ...body, format: 'pdf' };
}
