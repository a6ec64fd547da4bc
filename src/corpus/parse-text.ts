/**
 * Plain-text policies. Two layouts occur: one paragraph per line (like the seed policy, no
 * blank lines), and blank-line-separated paragraphs whose lines are soft-wrapped.
 */
import { stripBbcode } from './bbcode.ts';
import { endsWithTerminator, isAddressLine, isBlank, splitLines, type Line } from './lines.ts';
import type { ParsedBody, ParsedItem } from './parsed.ts';
import { detectTextHeadings, detectTitle, LIST_MARKER } from './text-headings.ts';
import type { Block } from './types.ts';

/** A wrapped line rarely exceeds this; a longer line ending a sentence is a paragraph of its own. */
const WRAP_WIDTH = 100;

function usesBlankLines(lines: readonly Line[]): boolean {
  const first = lines.findIndex((l) => !isBlank(l));
  const last = lines.findLastIndex((l) => !isBlank(l));
  return lines.some((l, i) => i > first && i < last && isBlank(l));
}

/**
 * `markedLines`: lines the source set apart as headings by other means (a PDF's larger font),
 * read like bold lines.
 */
export function parseText(raw: string, markedLines: ReadonlySet<number> = new Set()): ParsedBody {
  // Forum markup is cut out first; what is left is read like any plain text, with the lines
  // that were wholly bold as heading candidates.
  const { text, boldLines: bold, toSource } = stripBbcode(raw);
  const boldLines = new Set([...bold, ...markedLines]);
  const lines = splitLines(text);
  const blankMode = usesBlankLines(lines);
  const titleIndex = detectTitle(lines, boldLines);
  const from = titleIndex === null ? 0 : titleIndex + 1;
  const { headings, listItems } = detectTextHeadings(lines, blankMode, from, boldLines);
  const items: ParsedItem[] = [];
  let group = 0;

  const emit = (kind: Block['kind'], start: number, end: number): void => {
    items.push({ type: 'block', block: { kind, start, end }, group });
    // Without blank lines every line is a paragraph of its own.
    if (!blankMode) group++;
  };

  const flushProse = (run: Line[]): void => {
    if (run.length === 0) return;
    const texts = run.map((l) => l.text);
    const addressEnd = addressRunEnds(texts, blankMode);
    let k = 0;
    while (k < run.length) {
      if (addressEnd[k]! > k) {
        emit('lines', run[k]!.start, run[addressEnd[k]! - 1]!.end);
        k = addressEnd[k]!;
        continue;
      }
      let j = k;
      // Join wrapped lines until a line closes a sentence at a width no wrapper would produce.
      while (blankMode && j + 1 < run.length && addressEnd[j + 1] === j + 1) {
        const t = texts[j]!;
        if (endsWithTerminator(t) && t.length > WRAP_WIDTH) break;
        j++;
      }
      emit('paragraph', run[k]!.start, run[j]!.end);
      k = j + 1;
    }
    run.length = 0;
  };

  const run: Line[] = [];
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    if (isBlank(line)) {
      flushProse(run);
      if (blankMode) group++;
      continue;
    }
    const heading = headings.get(i);
    if (heading) {
      flushProse(run);
      items.push({
        type: 'heading',
        level: heading.level,
        label: heading.label,
        heading: heading.heading,
        headingSpan: { start: line.start, end: line.end },
        start: line.lineStart,
        bodyStart: line.next,
      });
      group++;
      continue;
    }
    const markerLength = LIST_MARKER.exec(line.text)?.[0].length ?? listItems.get(i);
    if (markerLength !== undefined) {
      flushProse(run);
      let last = line;
      // Indented lines under a bullet continue it.
      while (blankMode && i + 1 < lines.length && continuesListItem(lines[i + 1]!, listItems.has(i + 1))) last = lines[++i]!;
      emit('list-item', line.start + markerLength, last.end);
      continue;
    }
    run.push(line);
  }
  flushProse(run);
  const title = titleIndex === null ? null : lines[titleIndex]!.text;
  for (const it of items) {
    const span = it.type === 'heading' ? { start: it.start, end: it.headingSpan.end } : it.block;
    it.source = { start: toSource(span.start), end: toSource(span.end - 1) + 1 };
  }
  return { format: 'text', text, title, items };
}

function continuesListItem(next: Line, isNumberedItem: boolean): boolean {
  return !isBlank(next) && next.start > next.lineStart && !isNumberedItem && !LIST_MARKER.test(next.text);
}

/**
 * For each line of a run, where an address-like run starting there ends (exclusive), or
 * the line's own index when none starts there. With soft-wrapped paragraphs the run must
 * close its paragraph and follow a finished sentence, since wrapped prose is also made of
 * short unpunctuated lines.
 */
function addressRunEnds(texts: readonly string[], blankMode: boolean): number[] {
  const n = texts.length;
  const ends = texts.map((_, k) => k);
  // reach[k]: lines k.. can continue an address up to (exclusive) reach[k].
  const reach: number[] = new Array<number>(n + 1).fill(n);
  for (let k = n - 1; k >= 0; k--) reach[k] = isAddressLine(texts[k]!, false) ? reach[k + 1]! : k;
  for (let k = 0; k + 1 < n; k++) {
    if (!isAddressLine(texts[k]!, true)) continue;
    const end = reach[k + 1]!;
    if (end - k < 2) continue;
    if (!blankMode) ends[k] = end;
    else if (end === n && (k === 0 || endsWithTerminator(texts[k - 1]!))) ends[k] = n;
  }
  return ends;
}
