/**
 * Entity records: the companies a policy lists with their addresses (a bulleted list of group
 * companies, an address block under "Contact", "Acme GmbH, Street 1, 8000 City / Country" in a
 * sentence), parsed once per document into `{name, address, country}`. Questions about an entity
 * ("Where is Acme Japan located?", "Is Foo part of the group?") are answered from these records.
 */
import { legalForms } from '../vocabulary/vocabulary.ts';
import type { DocumentAnalysis, Unit } from './document-analysis.ts';
import { tokenize } from '../text/analyze.ts';
import { escapeRegExp } from '../text/regex.ts';
import { findCountries } from './countries.ts';

export interface EntityRecord {
  documentId: string;
  clauseOrdinal: number;
  /** The units (a list item, an address block or a sentence) the record was read from: what gets cited. */
  unit: Unit;
  lastUnit: Unit;
  name: string;
  address: string;
  /** ISO alpha-2, or null when the entry names no country. */
  country: string | null;
  /** Folded words of the name, legal form dropped. */
  nameWords: string[];
  /** Folded words of the address's town part, to recognise "the Tokyo office". */
  placeWords: string[];
  /** Span of the name inside the document text. */
  nameStart: number;
  nameEnd: number;
}

export interface EntityDirectory {
  records: EntityRecord[];
  /** How many record names contain each word: rare words identify an entity. */
  wordFrequency: Map<string, number>;
  /** Place word → country code, from the records' addresses. */
  places: Map<string, string>;
}

const LEGAL_FORM_WORDS = new Set(legalForms.flatMap((f) => tokenize(f).map((t) => t.word)));
const legalFormAlternation = [...legalForms]
  .sort((a, b) => b.length - a.length)
  .map(escapeRegExp)
  .join('|');
/** `, Ltd.` after a name belongs to the name (`Canada Acme International, Ltd.`). */
const LEGAL_FORM_SEGMENT = new RegExp(`^(?:${legalFormAlternation})(?:\\s|$)`);
/** A name in running text: capitalised words ending in a legal form, then `, address … / Country`. */
const INLINE_ENTITY = new RegExp(
  `((?:\\p{Lu}[\\p{L}\\p{N}&'’.-]*\\s+){1,5}(?:${legalFormAlternation}))(?![\\p{L}])\\s*,\\s*([^()]{4,160}?\\s/\\s*\\p{Lu}[\\p{L} .]*?)(?=[,)]|\\.\\s|\\.?$|\\s\\()`,
  'gu',
);
const STREET_WORDS = /^(street|st|strasse|str|road|rd|avenue|ave|drive|floor|suite|tower|court|boulevard|bldg|building|lane|way|unit|level|po|box|c\/o)$/;

function placeWordsOf(address: string): string[] {
  // The town sits in the last comma-separated parts of an address, next to the postal code.
  const parts = address.split(',').map((p) => p.trim()).filter(Boolean);
  return parts
    .slice(-2)
    .flatMap((p) => tokenize(p.replace(/\/.*$/, '')).map((t) => t.word))
    .filter((w) => w.length >= 4 && !/\d/.test(w) && !STREET_WORDS.test(w));
}

/** More words than any postal address has: a list item this long is prose. */
const MAX_ADDRESS_WORDS = 30;

function splitNameAndAddress(line: string): { name: string; address: string } | null {
  const segments = line.split(/,\s*/);
  let name = segments.shift() ?? '';
  while (segments.length > 0 && LEGAL_FORM_SEGMENT.test(segments[0]!)) name += `, ${segments.shift()}`;
  const address = segments.join(', ').trim();
  if (!/^\p{Lu}/u.test(name) || name.length > 80 || !address) return null;
  // A bold label before prose ("IP Addresses (Temporary): By default, we do not log …") is a
  // pseudo-heading, not a company: a name holds no "label:" and an address is not paragraphs long.
  if (/:\s/.test(name) || address.split(/\s+/).length > MAX_ADDRESS_WORDS) return null;
  return { name: name.trim(), address };
}

function recordFrom(
  analysis: DocumentAnalysis,
  [unit, lastUnit]: [Unit, Unit],
  name: string,
  address: string,
  nameStart: number,
): EntityRecord | null {
  const text = analysis.document.text;
  const countries = findCountries(text, { from: unit.start, to: lastUnit.end });
  const last = countries.at(-1);
  // Without a country or a number, a "name, words" line is prose, not an address.
  if (!last && !/\d/.test(address)) return null;
  // Legal forms, stop words and single letters (`(i.L.)`) do not identify a company.
  const nameWords = tokenize(name).filter((t) => t.term !== null && !LEGAL_FORM_WORDS.has(t.word)).map((t) => t.word);
  if (nameWords.length === 0) return null;
  return {
    documentId: analysis.document.id,
    clauseOrdinal: unit.clauseOrdinal,
    unit,
    lastUnit,
    name,
    address,
    country: last?.code ?? null,
    nameWords,
    // Only a postal address (it has a street number or a postal code) names a town: "Acme (Germany): server hosting" does not.
    placeWords: /\d/.test(address) ? placeWordsOf(address) : [],
    nameStart,
    nameEnd: nameStart + name.length,
  };
}

export function buildEntityDirectory(analysis: DocumentAnalysis): EntityDirectory {
  const text = analysis.document.text;
  const records: EntityRecord[] = [];
  const units = analysis.units;
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    // A list item or address block is one entry even when the sentence splitter cut it (`Pvt. Ltd.`).
    let j = i;
    if (unit.kind !== 'paragraph') {
      while (units[j + 1] && !units[j + 1]!.blockStart && units[j + 1]!.clauseOrdinal === unit.clauseOrdinal) j++;
    }
    const last = units[j]!;
    const body = text.slice(unit.start, last.end);
    if (unit.kind === 'list-item') {
      const parts = splitNameAndAddress(body.replace(/\s*\n\s*/g, ', '));
      const r = parts && recordFrom(analysis, [unit, last], parts.name, parts.address, unit.start);
      if (r) records.push(r);
      i = j;
    } else if (unit.kind === 'lines') {
      const lines = body.split(/\n/).map((l) => l.trim()).filter(Boolean);
      const first = lines[0] ?? '';
      const inline = splitNameAndAddress(first);
      const r = lines.length > 1
        ? recordFrom(analysis, [unit, last], first.replace(/\s*\/.*$/, ''), lines.slice(1).join(', '), unit.start)
        : inline && recordFrom(analysis, [unit, last], inline.name, inline.address, unit.start);
      if (r) records.push(r);
      i = j;
    } else {
      for (const m of body.matchAll(INLINE_ENTITY)) {
        const name = m[1]!.replace(/^(?:Our|The|Your|Its|This|With)\s+(?:\p{Ll}+\s+)*/u, '').trim();
        const nameStart = unit.start + (m.index ?? 0) + m[0].indexOf(name);
        const r = recordFrom(analysis, [unit, unit], name, m[2]!.trim(), nameStart);
        if (r) records.push(r);
      }
    }
  }
  // The same company listed with the group and again under "Contact" is one entity; keep the list entry.
  const seen = new Map<string, EntityRecord>();
  for (const r of records) {
    const key = `${r.name.toLowerCase()}|${r.country ?? ''}`;
    const kept = seen.get(key);
    if (!kept || (kept.unit.kind !== 'list-item' && r.unit.kind === 'list-item')) seen.set(key, r);
  }
  const unique = records.filter((r) => seen.get(`${r.name.toLowerCase()}|${r.country ?? ''}`) === r);
  records.length = 0;
  records.push(...unique);
  const wordFrequency = new Map<string, number>();
  for (const r of records) for (const w of new Set(r.nameWords)) wordFrequency.set(w, (wordFrequency.get(w) ?? 0) + 1);
  const places = new Map<string, string>();
  for (const r of records) if (r.country) for (const w of r.placeWords) if (!places.has(w)) places.set(w, r.country);
  return { records, wordFrequency, places };
}

export interface EntityMatch {
  record: EntityRecord;
  /** Sum of the rarity of the name words the question contains as a phrase. */
  score: number;
}

/**
 * The records a question names. A name counts when the question contains a run of its words
 * that identifies it: one rare word (`Nimbus`), or several (`Acme Japan`). A lone country word
 * that is also part of a name (`Germany` in "Acme Germany GmbH") is read as the country.
 */
export function matchEntities(
  directory: EntityDirectory,
  questionWords: string[],
  isCountryWord: (word: string) => boolean,
): EntityMatch[] {
  const n = directory.records.length;
  if (n === 0) return [];
  // A run of a name starts at a question word some name holds (`wordFrequency` counts every name
  // word): most questions hold none, and the records need no look.
  const starts: number[] = [];
  for (let i = 0; i < questionWords.length; i++) if (directory.wordFrequency.has(questionWords[i]!)) starts.push(i);
  if (starts.length === 0) return [];
  const rarity = (w: string) => Math.log(1 + n / (directory.wordFrequency.get(w) ?? n));
  const matches: EntityMatch[] = [];
  for (const record of directory.records) {
    let best = 0;
    const words = record.nameWords;
    for (const i of starts) {
      for (let j = 0; j < words.length; j++) {
        let len = 0;
        let score = 0;
        while (i + len < questionWords.length && j + len < words.length && questionWords[i + len] === words[j + len]) {
          score += rarity(words[j + len]!);
          len++;
        }
        if (len === 0) continue;
        const run = words.slice(j, j + len);
        const distinctive = run.some((w) => (directory.wordFrequency.get(w) ?? n) <= Math.max(1, n / 4) && !isCountryWord(w));
        const countryOnly = run.every((w) => isCountryWord(w) || (directory.wordFrequency.get(w) ?? n) > Math.max(1, n / 4));
        if (distinctive || (len >= 2 && !countryOnly) || (len >= 2 && run.some((w) => !isCountryWord(w)))) best = Math.max(best, score);
      }
    }
    if (best > 0) matches.push({ record, score: best });
  }
  matches.sort((a, b) => b.score - a.score);
  const top = matches[0]?.score ?? 0;
  return matches.filter((m) => m.score >= top * 0.999);
}
