/**
 * Cue phrases (`cues.json`): word lists that say what a sentence or question is about.
 * Each list becomes one case-insensitive regular expression over the raw text; a cue word of
 * four letters or more also matches its inflections (`transfer` → `transfers`, `transferred`).
 */
import { escapeRegExp } from '../text/regex.ts';
import { cueLists } from '../vocabulary/vocabulary.ts';

export type CueName = keyof typeof cueLists;

/** Inflections a cue word of four letters or more also matches (`transfer` → `transferred`), but not `office` → `officer`. */
const INFLECTION = '(?:s|es|d|ed|red|ing|ring|ly)?';

function compile(phrases: readonly string[]): RegExp {
  const parts = [...phrases]
    .sort((a, b) => b.length - a.length)
    .map((p) => {
      const body = escapeRegExp(p.toLowerCase()).replace(/'/g, "['’]").replace(/\s+/g, '\\s+');
      const head = /^\w/.test(p) ? '(?<![\\p{L}\\p{N}])' : '';
      const tail = /\w$/.test(p) ? (/[a-z]{4,}$/i.test(p) ? `${INFLECTION}(?![\\p{L}\\p{N}])` : '(?![\\p{L}\\p{N}])') : '';
      return head + body + tail;
    });
  return new RegExp(parts.join('|'), 'giu');
}

const COMPILED = new Map<CueName, RegExp>(
  (Object.entries(cueLists) as Array<[CueName, string[]]>).map(([name, list]) => [name, compile(list)]),
);

/** Every cue list's name (the warm-up runs each expression once: compiling one can take 0.1 s). */
export const CUE_NAMES: readonly CueName[] = [...COMPILED.keys()];

/** How many times cues of the list occur in the text. */
export function countCues(name: CueName, text: string): number {
  const re = COMPILED.get(name)!;
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text)) n++;
  return n;
}

export function hasCue(name: CueName, text: string): boolean {
  const re = COMPILED.get(name)!;
  re.lastIndex = 0;
  return re.test(text);
}

/** Offsets of every cue occurrence, for highlighting and for "is the negation near the country?". */
export function cueSpans(name: CueName, text: string): Array<[number, number]> {
  const re = COMPILED.get(name)!;
  re.lastIndex = 0;
  const out: Array<[number, number]> = [];
  for (let m = re.exec(text); m; m = re.exec(text)) out.push([m.index, m.index + m[0].length]);
  return out;
}

/** A compiled matcher for an ad-hoc phrase list (transfer bases, legal forms). */
export function phraseMatcher(phrases: readonly string[]): (text: string) => boolean {
  const re = compile(phrases);
  return (text) => {
    re.lastIndex = 0;
    return re.test(text);
  };
}
