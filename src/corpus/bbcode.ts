/**
 * Forum markup in plain-text policies (`[B]…[/B]`, `[I]`, `[U]`, `[URL=…]…[/URL]`): markup, not
 * text. The tags are cut out of the text (the words between them stay), and the lines that
 * were wholly bold are remembered, since a bold line is how such a policy marks a heading.
 */
import type { Span } from './types.ts';
import { lastAtOrBefore } from './sorted-search.ts';

const TAG = /\[(\/?)(b|i|u|s|url|email|size|color|colour|font|quote|code|center|left|right|list|img|h[1-6])(?:=[^\]\n]*)?\]/gi;

export interface CleanedText {
  text: string;
  /** Line indices (counting `\n`) whose whole content was inside `[B]…[/B]`. */
  boldLines: Set<number>;
  /** Maps an offset in `text` to the offset in the original. */
  toSource: (offset: number) => number;
}

/** Cuts the ranges out of `raw` and returns the text and a map back to `raw`'s offsets. */
export function cutRanges(raw: string, cuts: readonly Span[]): { text: string; toSource: (offset: number) => number } {
  if (cuts.length === 0) return { text: raw, toSource: (o) => o };
  const parts: string[] = [];
  // keptStarts[i]: where the i-th kept piece starts in the output; shift[i]: its source offset minus that.
  const keptStarts: number[] = [];
  const shifts: number[] = [];
  let pos = 0;
  let out = 0;
  for (const c of [...cuts, { start: raw.length, end: raw.length }]) {
    if (c.start > pos) {
      keptStarts.push(out);
      shifts.push(pos - out);
      parts.push(raw.slice(pos, c.start));
      out += c.start - pos;
    }
    pos = Math.max(pos, c.end);
  }
  const toSource = (offset: number): number => offset + (shifts[lastAtOrBefore(keptStarts, offset)] ?? 0);
  return { text: parts.join(''), toSource };
}

export function stripBbcode(raw: string): CleanedText {
  const tags = [...raw.matchAll(TAG)];
  // Only a tag that is also closed somewhere is markup: a lone `[s]` or `[i]` is text.
  const closed = new Set(tags.filter((m) => m[1] === '/').map((m) => m[2]!.toLowerCase()));
  const cuts: Span[] = tags.filter((m) => closed.has(m[2]!.toLowerCase())).map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const boldLines = new Set<number>();
  if (cuts.length > 0) {
    raw.split('\n').forEach((line, i) => {
      const bare = line.trim().replace(/\[(\/?)(?!b\])(?:[a-z*][a-z0-9]*)(?:=[^\]\n]*)?\]/gi, '');
      if (/^\[b\][^[\]]*\[\/b\]$/i.test(bare) || /^\[b\](?:(?!\[\/?b\]).)*\[\/b\]$/i.test(bare)) boldLines.add(i);
    });
  }
  return { ...cutRanges(raw, cuts), boldLines };
}
