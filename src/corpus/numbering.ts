/**
 * Heading numbers and slugs: the parts of a clause id that come from the heading itself.
 */
import { createHash } from 'node:crypto';

export type LabelStyle = 'letter' | 'roman' | 'arabic';

export interface HeadingLabel {
  /** The number without its trailing `.` or `)`: `A`, `IV`, `1`, `2.1`. */
  label: string;
  /** A single letter that is also a Roman numeral (`I`, `C`...) is reported as 'letter'; see `romanValue`. */
  style: LabelStyle;
  /** How many dotted parts: 2 for `2.1`. */
  parts: number;
  /** Offset of the heading text after the number, relative to the input string. */
  restStart: number;
}

// A single number or letter needs its `.`/`)` (`1.`, `A.`), or "2024 Report" and "A Note on..."
// would count as numbered; a dotted number (`2.1 Title`) is unambiguous without one.
const LABEL = /^(?:(\d+(?:\.\d+)+)\.?|(\d+)[.)]|([A-Z])[.)]|([IVXLCDM]{2,})[.)])[ \t\u00a0]+(?=\S)/;

export function parseLabel(s: string): HeadingLabel | null {
  const m = LABEL.exec(s);
  if (!m) return null;
  const restStart = m[0].length;
  if (m[1] !== undefined) return { label: m[1], style: 'arabic', parts: m[1].split('.').length, restStart };
  if (m[2] !== undefined) return { label: m[2], style: 'arabic', parts: 1, restStart };
  if (m[3] !== undefined) return { label: m[3], style: 'letter', parts: 1, restStart };
  if (m[4] !== undefined && romanValue(m[4]) !== null) return { label: m[4], style: 'roman', parts: 1, restStart };
  return null;
}

const ROMAN: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };

/** Value of a well-formed Roman numeral, or null (`IIII`, `VX`, `CD` as letters...). */
export function romanValue(s: string): number | null {
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const v = ROMAN[s[i]!];
    const nextV = ROMAN[s[i + 1] ?? ''] ?? 0;
    if (v === undefined) return null;
    total += v < nextV ? -v : v;
  }
  return total > 0 && toRoman(total) === s ? total : null;
}

function toRoman(n: number): string {
  const table: [number, string][] = [
    [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'],
    [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
  ];
  let out = '';
  for (const [v, r] of table) {
    while (n >= v) {
      out += r;
      n -= v;
    }
  }
  return out;
}

/** Splits a heading as written into its number (if any) and its display text. */
export function splitHeading(raw: string): { label: string | null; heading: string } {
  const l = parseLabel(raw);
  return { label: l?.label ?? null, heading: cleanHeading(l ? raw.slice(l.restStart) : raw) };
}

/** Heading text as shown to users: no trailing colon, no surrounding white space. */
export function cleanHeading(s: string): string {
  return s.replace(/\s*:\s*$/, '').trim();
}

/** Longest heading slug kept whole; a longer one is cut on a word boundary and given a hash. */
export const MAX_SLUG = 60;

/** `Supplementary in accordance with Swiss data protection law` → `supplementary-in-accordance-with-swiss-data-protection-law`. */
export function slugify(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** Four base-36 characters of a hash of the whole text: tells apart texts cut to the same words. */
function shortHash(s: string): string {
  return (createHash('sha256').update(s).digest().readUInt32BE(0) % 36 ** 4).toString(36).padStart(4, '0');
}

/** `slug` cut to at most `max` characters on a word boundary (or mid-word when a word is longer). */
function cutOnWord(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max + 1);
  const lastDash = cut.lastIndexOf('-');
  return (lastDash > max / 2 ? cut.slice(0, lastDash) : slug.slice(0, max)).replace(/-+$/, '');
}

/**
 * The id part a heading gives its clause: its slug, or for a long heading the slug cut on a
 * word boundary plus `#` and a short hash of the whole slug, so two long headings that start
 * alike never share an id, and what follows `#` can be ignored when ids are compared loosely.
 */
export function headingSlug(heading: string): string {
  const slug = slugify(heading);
  return slug.length <= MAX_SLUG ? slug : `${cutOnWord(slug, MAX_SLUG)}#${shortHash(slug)}`;
}

/** Words of a paragraph's opening used for its id. */
const PARAGRAPH_ID_WORDS = 5;

/**
 * The id of a paragraph that has no heading: `p-` and its first words, so it depends on the
 * paragraph itself rather than on its position (a repeat gets `~2` from the caller).
 */
export function paragraphId(text: string): string {
  const words = slugify(text).split('-').filter(Boolean).slice(0, PARAGRAPH_ID_WORDS).join('-');
  return `p-${cutOnWord(words, 40) || 'paragraph'}`;
}
