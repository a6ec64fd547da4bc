/**
 * A policy's dates: "last updated" and "effective", from front matter when it has them, else
 * from the text ("Last updated: March 1, 2026", "Effective date: 1 March 2026", or a bare date
 * line right under the title, which is read as the version date).
 */
import type { ParsedMetadata } from './parsed.ts';
import type { DocumentDate, DocumentMetadata } from './types.ts';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const DAY = String.raw`\d{1,2}(?:st|nd|rd|th)?`;
const DATE_SOURCE = [
  String.raw`\d{4}-\d{2}-\d{2}`,
  String.raw`${DAY}\s+(?:of\s+)?${MONTH},?\s+\d{4}`,
  String.raw`${MONTH}\s+${DAY},?\s+\d{4}`,
  String.raw`\d{4}\s+${MONTH}\s+${DAY}`,
  String.raw`${MONTH},?\s+\d{4}`,
  String.raw`\d{1,2}[./]\d{1,2}[./]\d{4}`,
].join('|');

const UPDATED = new RegExp(String.raw`\b(?:last\s+(?:updated|modified|revised|changed|amended)|updated|revised|last\s+update|version\s+date)\b(?:\s+(?:on|as\s+of))?\s*[:\-–—]?\s*(${DATE_SOURCE})`, 'i');
const EFFECTIVE = new RegExp(String.raw`\b(?:effective(?:\s+date)?|in\s+(?:force|effect)\s+(?:since|from|as\s+of)|valid\s+(?:from|since))\b(?:\s+(?:on|as\s+of|from))?\s*[:\-–—]?\s*(${DATE_SOURCE})`, 'i');
const BARE_DATE = new RegExp(String.raw`^\s*(?:dated?\s*:?\s*)?(${DATE_SOURCE})\s*$`, 'i');

/** Only the start and the end of a policy carry its dates; the middle cites other dates. */
const HEAD_CHARS = 2000;
const TAIL_CHARS = 1000;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function monthIndex(word: string): number {
  return MONTHS.indexOf(word.slice(0, 3).toLowerCase()) + 1;
}

function valid(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** The ISO form of a date as written, or null when it is ambiguous (`01/03/2026`) or partial. */
export function isoDate(text: string): string | null {
  const t = text.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) return valid(+m[1]!, +m[2]!, +m[3]!) ? `${m[1]}-${m[2]}-${m[3]}` : null;
  let y: number, mo: number, d: number;
  if ((m = new RegExp(String.raw`^(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(\p{L}+)\.?,?\s+(\d{4})$`, 'iu').exec(t))) [d, mo, y] = [+m[1]!, monthIndex(m[2]!), +m[3]!];
  else if ((m = new RegExp(String.raw`^(\p{L}+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$`, 'iu').exec(t))) [mo, d, y] = [monthIndex(m[1]!), +m[2]!, +m[3]!];
  else if ((m = new RegExp(String.raw`^(\d{4})\s+(\p{L}+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?$`, 'iu').exec(t))) [y, mo, d] = [+m[1]!, monthIndex(m[2]!), +m[3]!];
  else return null;
  return mo > 0 && valid(y, mo, d) ? `${y}-${pad(mo)}-${pad(d)}` : null;
}

function dateOf(text: string | undefined): DocumentDate | null {
  if (!text) return null;
  return { text, iso: isoDate(text) };
}

/** The first bare date line among the first few lines of the text. */
function bareDate(head: string): string | undefined {
  const lines = head.split('\n').filter((l) => l.trim()).slice(0, 3);
  for (const l of lines) {
    const m = BARE_DATE.exec(l);
    if (m) return m[1];
  }
  return undefined;
}

export function documentMetadata(text: string, fromSource: ParsedMetadata | undefined): DocumentMetadata {
  const head = text.slice(0, HEAD_CHARS);
  const tail = text.length > HEAD_CHARS ? text.slice(Math.max(HEAD_CHARS, text.length - TAIL_CHARS)) : '';
  const find = (re: RegExp): string | undefined => (re.exec(head) ?? re.exec(tail))?.[1];
  const updated = fromSource?.lastUpdated ?? find(UPDATED) ?? bareDate(head);
  const effective = fromSource?.effective ?? find(EFFECTIVE);
  return { lastUpdated: dateOf(updated), effective: dateOf(effective) };
}
