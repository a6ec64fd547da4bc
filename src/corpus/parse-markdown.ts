/**
 * Markdown policies: ATX (and setext) headings, blank-line paragraphs, list items. Only the
 * structure is read; inline markup (`**bold**`, links) stays in the spans as written.
 */
import { isAddressRun, isBlank, splitLines, trimSpan, type Line } from './lines.ts';
import { splitHeading } from './numbering.ts';
import type { ParsedBody, ParsedHeading, ParsedItem } from './parsed.ts';
import { takeTitle } from './title.ts';

const ATX = /^ {0,3}(#{1,6})(?=[ \t]|$)/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const LIST_ITEM = /^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?=\S)/;
const QUOTE = /^[ \t]*>[ \t]?/;
const COMMENT = /^<!--.*-->$/;
const TABLE_RULE = /^\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?$/;

function atxHeading(text: string, line: Line, level: number, contentStart: number): ParsedHeading {
  // Content runs from after the `#` run to before an optional closing `#` sequence.
  let start = contentStart;
  let end = line.end;
  const closing = /[ \t]+#+$/.exec(text.slice(start, end));
  if (closing) end -= closing[0].length;
  else if (/^#+$/.test(text.slice(start, end).trim())) end = start;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return makeHeading(text, level, { start, end }, line.lineStart, line.next);
}

function makeHeading(text: string, level: number, span: { start: number; end: number }, start: number, bodyStart: number): ParsedHeading {
  return {
    type: 'heading',
    level,
    ...splitHeading(text.slice(span.start, span.end)),
    headingSpan: span,
    start,
    bodyStart,
  };
}

export function parseMarkdown(text: string): ParsedBody {
  const lines = splitLines(text);
  const items: ParsedItem[] = [];
  let group = 0;
  let para: Line[] = [];
  let paraStart = 0;

  const flush = (): void => {
    if (para.length === 0) return;
    const span = trimSpan(text, paraStart, para[para.length - 1]!.end);
    const kind = isAddressRun(para.map((l) => l.text.replace(/\\$/, '').trim())) ? 'lines' : 'paragraph';
    if (span) items.push({ type: 'block', block: { kind, ...span }, group });
    para = [];
  };
  const block = (kind: 'paragraph' | 'list-item', start: number, end: number): void => {
    items.push({ type: 'block', block: { kind, start, end }, group });
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const raw = text.slice(line.lineStart, line.end);
    if (isBlank(line)) {
      flush();
      group++;
      continue;
    }
    const fence = FENCE.exec(raw);
    if (fence) {
      flush();
      const close = new RegExp(`^ {0,3}${fence[1]![0] === '`' ? '`' : '~'}{${fence[1]!.length},}[ \\t]*$`);
      let j = i + 1;
      while (j < lines.length && !close.test(text.slice(lines[j]!.lineStart, lines[j]!.end))) j++;
      const inner = lines.slice(i + 1, j).filter((l) => !isBlank(l));
      if (inner.length > 0) block('paragraph', inner[0]!.start, inner[inner.length - 1]!.end);
      i = j;
      group++;
      continue;
    }
    const atx = ATX.exec(raw);
    if (atx) {
      flush();
      const heading = atxHeading(text, line, atx[1]!.length, line.lineStart + atx[0].length);
      // An empty `#` line names nothing; it only separates.
      if (heading.headingSpan.start < heading.headingSpan.end) items.push(heading);
      group++;
      continue;
    }
    if (para.length > 0 && SETEXT.test(raw)) {
      // The paragraph above the underline is the heading.
      const first = para[0]!;
      const level = raw.trim().startsWith('=') ? 1 : 2;
      items.push(makeHeading(text, level, { start: paraStart, end: para[para.length - 1]!.end }, first.lineStart, line.next));
      para = [];
      group++;
      continue;
    }
    if (THEMATIC_BREAK.test(raw) || (TABLE_RULE.test(line.text) && line.text.includes('|')) || COMMENT.test(line.text)) {
      flush();
      continue;
    }
    const item = LIST_ITEM.exec(raw);
    if (item) {
      flush();
      let last = line;
      // Lazy continuation: following non-blank lines belong to the item until something new starts.
      while (i + 1 < lines.length && continuesItem(text, lines[i + 1]!)) last = lines[++i]!;
      block('list-item', line.lineStart + item[0].length, last.end);
      continue;
    }
    if (line.text.startsWith('|')) {
      flush();
      const end = line.text.endsWith('|') && line.text.length > 1 ? line.end - 1 : line.end;
      const cells = trimSpan(text, line.start + 1, end);
      if (cells) block('paragraph', cells.start, cells.end);
      continue;
    }
    if (para.length === 0) {
      const quote = QUOTE.exec(raw);
      paraStart = quote ? line.lineStart + quote[0].length : line.start;
    }
    para.push(line);
  }
  flush();
  return takeTitle({ format: 'markdown', text, title: null, items });
}

function continuesItem(text: string, next: Line): boolean {
  if (isBlank(next)) return false;
  const raw = text.slice(next.lineStart, next.end);
  return !LIST_ITEM.test(raw) && !ATX.test(raw) && !FENCE.test(raw) && !THEMATIC_BREAK.test(raw) && !next.text.startsWith('|');
}
