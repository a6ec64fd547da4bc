/**
 * The domain vocabulary (the JSON files in ./vocabulary, documented in its README), loaded once
 * and put in the form search needs: stemmed, folded, ready to look up.
 */
import synonymGroups from './vocabulary/synonyms.json' with { type: 'json' };
import abbreviations from './vocabulary/abbreviations.json' with { type: 'json' };
import translations from './vocabulary/translations.json' with { type: 'json' };
import { foldWord, termsOf } from './analyze.ts';

/** A related term and how strongly it stands in for the original (1 = same meaning). */
export interface RelatedTerm {
  term: string;
  weight: number;
}

/** Weight of a synonym relative to the word the user typed. */
export const SYNONYM_WEIGHT = 0.6;
/** Weight of an abbreviation's expansion (or the reverse): they mean exactly the same. */
export const ABBREVIATION_WEIGHT = 0.9;

function buildRelated(): Map<string, RelatedTerm[]> {
  const related = new Map<string, Map<string, number>>();
  const link = (from: string[], to: string[], weight: number) => {
    // A multi-word phrase spreads its weight over its words; a one-word phrase keeps it all.
    for (const a of from) {
      let row = related.get(a);
      if (!row) related.set(a, (row = new Map()));
      for (const b of to) {
        if (b === a) continue;
        const w = weight / Math.max(1, to.length);
        row.set(b, Math.max(row.get(b) ?? 0, w));
      }
    }
  };
  for (const group of synonymGroups as string[][]) {
    const stemmed = group.map((p) => termsOf(p)).filter((t) => t.length > 0);
    for (const a of stemmed) for (const b of stemmed) if (a !== b && a.length === 1) link(a, b, SYNONYM_WEIGHT);
  }
  for (const [short, longs] of Object.entries(abbreviations as Record<string, string[]>)) {
    const s = termsOf(short);
    for (const long of longs) {
      const l = termsOf(long);
      if (s.length === 1) link(s, l, ABBREVIATION_WEIGHT);
      if (l.length === 1) link(l, s, ABBREVIATION_WEIGHT);
    }
  }
  const out = new Map<string, RelatedTerm[]>();
  for (const [term, row] of related) out.set(term, [...row].map(([t, weight]) => ({ term: t, weight })));
  return out;
}

const RELATED = buildRelated();

/** Terms that mean (nearly) the same as `term`, with their weights; never `term` itself. */
export function relatedTerms(term: string): readonly RelatedTerm[] {
  return RELATED.get(term) ?? [];
}

/** Multi-word abbreviation expansions (`general data protection regulation` → `gdpr`), as term sequences. */
export const PHRASE_ABBREVIATIONS: ReadonlyArray<{ phrase: string[]; short: string }> = Object.entries(
  abbreviations as Record<string, string[]>,
).flatMap(([short, longs]) => {
  const s = termsOf(short);
  if (s.length !== 1) return [];
  return longs.map((l) => ({ phrase: termsOf(l), short: s[0] as string })).filter((x) => x.phrase.length > 1);
});

type Language = 'de' | 'es' | 'fr' | 'it';
const TRANSLATIONS = new Map<string, { english: string; language: Language }>();
for (const [language, table] of Object.entries(translations as Record<Language, Record<string, string>>)) {
  for (const [word, english] of Object.entries(table)) {
    const key = foldWord(word);
    if (!TRANSLATIONS.has(key)) TRANSLATIONS.set(key, { english, language: language as Language });
  }
}

/** The English words for a folded foreign word of the policy domain, if the vocabulary has it. */
export function translateWord(folded: string): { english: string; language: Language } | undefined {
  return TRANSLATIONS.get(folded);
}
