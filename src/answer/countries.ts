/**
 * Finding countries in questions and policy text, however they are written: names and aliases in
 * five languages (`i18n-iso-countries`), nationality adjectives (`i18n-nationality`: Japanese,
 * Swiss), ISO codes (`JP`, `USA`), and the informal names in `countries-extra.json`.
 */
import { createRequire } from 'node:module';
import { tokenize, type Token } from '../text/analyze.ts';
import { cityCountries, countryExtras as extra, regions } from '../vocabulary/vocabulary.ts';

const require = createRequire(import.meta.url);
const isoCountries = require('i18n-iso-countries') as typeof import('i18n-iso-countries');
const nationalities = require('i18n-nationality') as {
  registerLocale(data: unknown): void;
  getNames(lang: string): Record<string, string>;
};

const LANGUAGES = ['en', 'de', 'es', 'fr', 'it'] as const;
for (const l of LANGUAGES) {
  isoCountries.registerLocale(require(`i18n-iso-countries/langs/${l}.json`));
  nationalities.registerLocale(require(`i18n-nationality/langs/${l}.json`));
}

export type MentionKind = 'name' | 'demonym' | 'code' | 'place';

export interface CountryMention {
  /** ISO 3166-1 alpha-2. */
  code: string;
  kind: MentionKind;
  /** Offsets into the searched text. */
  start: number;
  end: number;
}

interface Entry {
  code: string;
  kind: MentionKind;
  /** Short forms (`US`, `UK`, `JP`) only count when written in capitals: `us` is a pronoun. */
  capitalsOnly: boolean;
  /** Two-letter codes that are also words (`IT`, `IN`) only count at the end of an address. */
  addressOnly: boolean;
}

const MAX_WORDS = 6;
const ambiguous = new Set(extra.ambiguousCodes);

function keyOf(name: string): string {
  return tokenize(name).map((t) => t.word).join(' ');
}

function buildTable(): Map<string, Entry> {
  const table = new Map<string, Entry>();
  const put = (name: string, code: string, kind: MentionKind, addressOnly = false) => {
    const key = keyOf(name);
    if (!key || table.has(key)) return;
    const letters = name.replace(/[^\p{L}]/gu, '');
    table.set(key, { code, kind, capitalsOnly: letters.length <= 3, addressOnly });
  };
  for (const l of LANGUAGES) {
    for (const [code, names] of Object.entries(isoCountries.getNames(l, { select: 'all' }))) {
      for (const n of names as string[]) if (!n.includes(',')) put(n, code, n.replace(/[^\p{L}]/gu, '').length <= 3 ? 'code' : 'name');
    }
  }
  for (const [name, code] of Object.entries(extra.aliases)) put(name, code, 'name');
  for (const l of LANGUAGES) {
    for (const [code, demonym] of Object.entries(nationalities.getNames(l))) put(demonym, code, 'demonym');
  }
  for (const [code, alpha3] of Object.entries(isoCountries.getAlpha2Codes())) {
    put(alpha3, code, 'code');
    put(code, code, 'code', ambiguous.has(code));
  }
  return table;
}

const TABLE = buildTable();

/**
 * Big cities and their countries (`cities.json`: cities of 200,000+ inhabitants, generated from the
 * `city-timezones` package by scripts/make-cities.mjs), so "a data centre in Osaka" names
 * Japan and "is my data in Frankfurt?" names Germany. Never a name the country table holds,
 * never one of `cityWords` ("Mobile", "Reading"), and only where written capitalised inside a
 * sentence (see `cityAt`).
 */
function buildCities(): Map<string, string> {
  const words = new Set(extra.cityWords.map(keyOf));
  const out = new Map<string, string>();
  for (const [name, code] of Object.entries(cityCountries)) {
    const key = keyOf(name);
    if (key && !TABLE.has(key) && !words.has(key) && !words.has(key.split(' ')[0]!) && !out.has(key)) out.set(key, code);
  }
  return out;
}

const CITIES = buildCities();

/**
 * For each word that starts a name, the most words a name starting with it has: most words of a
 * text start none, and are passed over without building a single key.
 */
function firstWords(keys: Iterable<string>): Map<string, number> {
  const first = new Map<string, number>();
  for (const key of keys) {
    const space = key.indexOf(' ');
    const word = space === -1 ? key : key.slice(0, space);
    const words = space === -1 ? 1 : key.split(' ').length;
    first.set(word, Math.max(first.get(word) ?? 0, Math.min(words, MAX_WORDS)));
  }
  return first;
}

/** Per first word, the most words a country name or a city starting with it has (one look-up per word of a text). */
const FIRST_WORDS = firstWords([...TABLE.keys(), ...CITIES.keys()]);

/** A city counts where written capitalised and not first in its sentence, line or heading ("Mobile apps"). */
function cityAt(text: string, start: number): boolean {
  if (!/^\p{Lu}/u.test(text.slice(start, start + 1))) return false;
  const before = text.slice(Math.max(0, start - 40), start).replace(/[\s*_#"'“‘(\[]+$/u, '');
  return /[\p{L}\p{N},;)]$/u.test(before);
}
const placeFirstWords = new WeakMap<ReadonlyMap<string, string>, Map<string, number>>();

/** Region names (EU, EEA) with their member codes. */
export const REGIONS: ReadonlyArray<{ id: string; keys: string[]; members: ReadonlySet<string> }> = Object.entries(
  regions,
).map(([id, r]) => ({ id, keys: r.names.map(keyOf), members: new Set(r.members) }));

export function countryName(code: string, language = 'en'): string {
  return isoCountries.getName(code, language) ?? isoCountries.getName(code, 'en') ?? code;
}

function isCapitals(surface: string): boolean {
  return surface === surface.toUpperCase() && /\p{Lu}/u.test(surface);
}

/** True when the span is the last thing on its line or item, after `/` or `,` (as in `Tokyo / JP`). */
function inAddressPosition(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 3), start);
  const after = text.slice(end, end + 3);
  return /[/,]\s*$/.test(before) && /^\s*([\n\r)]|$)/.test(after);
}

/**
 * Every country mention in `text` (or in `text[from, to)`), longest names first, left to right.
 * `places` adds corpus-derived place names (a city of a listed office) keyed like the table.
 */
export function findCountries(
  text: string,
  options: { from?: number; to?: number; tokens?: Token[]; places?: ReadonlyMap<string, string> } = {},
): CountryMention[] {
  const tokens = options.tokens ?? tokenize(text, options.from ?? 0, options.to ?? text.length);
  const places = options.places;
  let placeFirst: Map<string, number> | undefined;
  if (places) {
    placeFirst = placeFirstWords.get(places);
    if (!placeFirst) placeFirstWords.set(places, (placeFirst = firstWords(places.keys())));
  }
  const found: CountryMention[] = [];
  const keys: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    const first = tokens[i]!.word;
    const longest = Math.min(Math.max(FIRST_WORDS.get(first) ?? 0, placeFirst?.get(first) ?? 0), tokens.length - i);
    let matched = 0;
    if (longest > 0) {
      keys.length = 0;
      keys.push(first);
      for (let len = 2; len <= longest; len++) keys.push(`${keys[len - 2]} ${tokens[i + len - 1]!.word}`);
    }
    for (let len = longest; len >= 1 && matched === 0; len--) {
      const key = keys[len - 1]!;
      const entry = TABLE.get(key);
      const start = tokens[i]!.start;
      let end = tokens[i + len - 1]!.end;
      if (entry) {
        // `U.S.` is tokenised as `u s`; take the trailing dot into the span.
        if (text[end] === '.' && /\.\p{L}$/u.test(text.slice(start, end))) end += 1;
        const surface = text.slice(start, end);
        if (entry.capitalsOnly && !isCapitals(surface)) continue;
        if (entry.addressOnly && !inAddressPosition(text, start, end)) continue;
        found.push({ code: entry.code, kind: entry.kind, start, end });
        matched = len;
      } else if (places?.has(key)) {
        found.push({ code: places.get(key)!, kind: 'place', start, end });
        matched = len;
      } else if (CITIES.has(key) && cityAt(text, start)) {
        found.push({ code: CITIES.get(key)!, kind: 'place', start, end });
        matched = len;
      }
    }
    i += matched || 1;
  }
  return found;
}

/** True when a single folded word names a country on its own (`germany`, `japanese`). */
export function isCountryWord(word: string): boolean {
  return findCountries(word).length > 0;
}

/** Region mentions (`EU`, `European Economic Area`) in text, by region id. */
export function findRegions(text: string): string[] {
  const key = ` ${tokenize(text).map((t) => t.word).join(' ')} `;
  return REGIONS.filter((r) => r.keys.some((k) => key.includes(` ${k} `))).map((r) => r.id);
}

