/**
 * Which lines of a plain-text policy are headings, and at what level. Plain text has no
 * markup, so this rests on the numbering (`A.`, `1.`, `2.1`, `IV.`) and on line shape.
 */
import { endsWithTerminator, isBlank, SHORT_LINE, type Line } from './lines.ts';
import { cleanHeading, parseLabel, romanValue, type HeadingLabel, type LabelStyle } from './numbering.ts';
import { isAllCapsLine, isPseudoHeadingText } from './pseudo-headings.ts';

export interface TextHeading {
  label: string | null;
  heading: string;
  level: number;
}

const MAX_HEADING_CHARS = 80;
const MAX_HEADING_WORDS = 12;

export const LIST_MARKER = /^[-*•‣◦▪][ \t\u00a0]+(?=\S)/;

function isShortPhrase(s: string): boolean {
  return s.length <= MAX_HEADING_CHARS && s.split(/\s+/).length <= MAX_HEADING_WORDS;
}

/** Heading text after a number: short, starts like a title, no sentence-final punctuation. */
function isHeadingText(rest: string): boolean {
  return isShortPhrase(rest) && /^[\p{L}"“'‘(]/u.test(rest) && !/[.!?;,]["'”’)]*$/.test(rest);
}

interface Candidate {
  index: number;
  label: string;
  style: LabelStyle;
  parts: number;
  rest: string;
}

/**
 * Numbered lines that read like headings. Numbered lines after a lead-in ending in a colon
 * (and the numbered lines that continue them) are an ordered list instead: their offsets
 * of the text after the number go to `listItems`.
 */
function numberedCandidates(lines: readonly Line[], listItems?: Map<number, number>): Candidate[] {
  const out: Candidate[] = [];
  let afterLeadIn = false;
  let listStyle: LabelStyle | null = null;
  lines.forEach((line, index) => {
    if (isBlank(line)) return;
    const l = parseLabel(line.text);
    const leadIn = afterLeadIn;
    afterLeadIn = line.text.endsWith(':');
    // The list goes on while the numbering style does: `B. Rights` after `2. Email` is a heading again.
    if (l && ((leadIn && startsList(lines, index, l)) || l.style === listStyle)) {
      listStyle ??= l.style;
      listItems?.set(index, l.restStart);
      return;
    }
    listStyle = null;
    if (!l) return;
    const rest = line.text.slice(l.restStart);
    if (isHeadingText(rest)) {
      out.push({ index, label: l.label, style: l.style, parts: l.parts, rest });
      // A heading that ends in a colon (`2. Contact:`) is not a list lead-in.
      afterLeadIn = false;
    }
  });
  return out;
}

/**
 * After a lead-in, a numbered line starts a list when another item of its style follows or
 * when it does not read like a heading; `1. Scope` followed by prose is still a heading.
 */
function startsList(lines: readonly Line[], index: number, label: HeadingLabel): boolean {
  if (!isHeadingText(lines[index]!.text.slice(label.restStart))) return true;
  const next = nextContent(lines, index, true);
  return next !== undefined && parseLabel(next.text)?.style === label.style;
}

/**
 * `C.` after `B.` is a letter, `V.` after `IV.` a Roman numeral: single letters that are also
 * numerals are settled by which sequence they continue (a repeat counts as continuing).
 */
function settleLetterOrRoman(cands: Candidate[]): void {
  let lastLetter: string | null = null;
  let lastRoman: number | null = null;
  for (const c of cands) {
    if (c.style === 'letter' && /^[IVXLCDM]$/.test(c.label)) {
      const nextLetter: string = lastLetter ? String.fromCharCode(lastLetter.charCodeAt(0) + 1) : 'A';
      const value = romanValue(c.label);
      if (c.label === nextLetter || c.label === lastLetter) c.style = 'letter';
      else if (lastRoman !== null && value !== null && (value === lastRoman + 1 || value === lastRoman)) c.style = 'roman';
      else if (c.label === 'I') c.style = 'roman';
    }
    if (c.style === 'letter') lastLetter = c.label;
    if (c.style === 'roman') lastRoman = romanValue(c.label);
  }
}

function nextContent(lines: readonly Line[], i: number, skipBlanks: boolean): Line | undefined {
  for (let j = i + 1; j < lines.length; j++) {
    const l = lines[j]!;
    if (!isBlank(l)) return l;
    if (!skipBlanks) return undefined;
  }
  return undefined;
}

/**
 * A short unnumbered line ending in a colon heads the following prose (`Supplementary in
 * accordance with Swiss data protection law:`); before a list or an address it is only a lead-in.
 */
function isColonHeading(lines: readonly Line[], i: number, blankMode: boolean, numbered: ReadonlySet<number>): boolean {
  const line = lines[i]!;
  if (!line.text.endsWith(':') || !isShortPhrase(line.text) || !/^\p{Lu}/u.test(line.text)) return false;
  if (LIST_MARKER.test(line.text) || parseLabel(line.text)) return false;
  // Inside a wrapped paragraph the colon line is that paragraph's end, not a heading.
  const prev = lines[i - 1];
  if (blankMode && prev && !isBlank(prev) && !numbered.has(i - 1)) return false;
  const next = nextContent(lines, i, blankMode);
  if (!next || LIST_MARKER.test(next.text) || parseLabel(next.text)) return false;
  return next.text.length > SHORT_LINE || endsWithTerminator(next.text);
}

export interface TextStructure {
  /** Headings by line index. */
  headings: Map<number, TextHeading>;
  /** Numbered list lines by line index, with the length of their number prefix. */
  listItems: Map<number, number>;
}

/**
 * An unnumbered line the writer set apart as a heading: wholly bold (`[B]…[/B]`) or in capitals,
 * short, and followed by more text (a last line heads nothing).
 */
function isStrongHeading(lines: readonly Line[], i: number, boldLines: ReadonlySet<number>): boolean {
  const t = lines[i]!.text;
  if (LIST_MARKER.test(t) || parseLabel(t)) return false;
  const marked = boldLines.has(i) ? isPseudoHeadingText(t) : isAllCapsLine(t);
  return marked && nextContent(lines, i, true) !== undefined;
}

/** Levels: one rank per numbering style, in order of first use. */
export function detectTextHeadings(lines: readonly Line[], blankMode: boolean, from: number, boldLines: ReadonlySet<number> = new Set()): TextStructure {
  const listItems = new Map<number, number>();
  const cands = numberedCandidates(lines, listItems).filter((c) => c.index >= from);
  settleLetterOrRoman(cands);
  const styleRank = new Map<LabelStyle, number>();
  const byIndex = new Map<number, Candidate>(cands.map((c) => [c.index, c]));
  const numbered = new Set(byIndex.keys());
  const out = new Map<number, TextHeading>();
  let lastNumberedLevel: number | null = null;
  for (let i = from; i < lines.length; i++) {
    const c = byIndex.get(i);
    if (c) {
      if (!styleRank.has(c.style)) styleRank.set(c.style, styleRank.size + 1);
      // Ranks are spaced by 10 so dotted depths (2.1, 2.1.3) and colon sub-headings fit between.
      const level = styleRank.get(c.style)! * 10 + (c.parts - 1);
      out.set(i, { label: c.label, heading: cleanHeading(c.rest), level });
      lastNumberedLevel = level;
    } else if (!isBlank(lines[i]!) && !listItems.has(i) && isStrongHeading(lines, i, boldLines)) {
      // Like a colon heading: under the last numbered heading, or closed by any numbered one.
      out.set(i, { label: null, heading: cleanHeading(lines[i]!.text), level: lastNumberedLevel === null ? 1000 : lastNumberedLevel + 5 });
    } else if (isColonHeading(lines, i, blankMode, numbered)) {
      // Nested under the last numbered heading; with none yet, any later numbered heading closes it.
      out.set(i, { label: null, heading: cleanHeading(lines[i]!.text), level: lastNumberedLevel === null ? 1000 : lastNumberedLevel + 5 });
    }
  }
  return { headings: out, listItems };
}

/**
 * The first line is the title when it is short, unnumbered, unpunctuated and numbered
 * headings follow later, and it is not the first line of an address-like run.
 */
export function detectTitle(lines: readonly Line[], boldLines: ReadonlySet<number> = new Set()): number | null {
  const i = lines.findIndex((l) => !isBlank(l));
  const first = lines[i];
  if (!first) return null;
  const t = first.text;
  // A bold first line over bold headings (forum markup) is the title.
  if (boldLines.has(i) && isPseudoHeadingText(t) && [...boldLines].some((j) => j > i)) return i;
  if (!isShortPhrase(t) || parseLabel(t) || LIST_MARKER.test(t) || /[.!?;:,]["'”’)]*$/.test(t)) return null;
  if (!numberedCandidates(lines).some((c) => c.index > i)) return null;
  const next = lines[i + 1];
  const nextIsShortLabel = next !== undefined && !isBlank(next) && next.text.length <= SHORT_LINE && !endsWithTerminator(next.text) && !parseLabel(next.text);
  return nextIsShortLabel ? null : i;
}
