/**
 * Privacy topics of sentences and questions (src/vocabulary/topics.json): which practices a
 * sentence speaks of (collection, sharing, choice, retention, …), read from its terms. A
 * sentence's topics do not depend on any question, so they are counted once per document, with
 * its analysis (document-analysis.ts); a question's topics are read from its terms when asked.
 */
import { termsOf } from '../text/analyze.ts';
import { privacyTopics } from '../vocabulary/vocabulary.ts';

/** Per topic, its marker words and phrases as term sequences (a phrase counts when all its terms are there). */
const TOPICS: ReadonlyArray<{ name: string; phrases: readonly string[][] }> = Object.entries(privacyTopics).map(([name, words]) => ({
  name,
  phrases: words.map((w) => termsOf(w)).filter((p) => p.length > 0),
}));

export const TOPIC_COUNT = TOPICS.length;

/**
 * Per first term of a marker, the markers starting with it and their topic: a term set is read
 * term by term. Forms listed separately that stem alike ("share", "shared", "sharing") count
 * separately, as measured and fitted: a word listed in several forms weighs more.
 */
const MARKERS_BY_FIRST = new Map<string, Array<{ topic: number; rest: readonly string[] }>>();
TOPICS.forEach((topic, i) => {
  for (const p of topic.phrases) {
    const list = MARKERS_BY_FIRST.get(p[0]!) ?? [];
    list.push({ topic: i, rest: p.slice(1) });
    MARKERS_BY_FIRST.set(p[0]!, list);
  }
});
export const TOPIC_NAMES: readonly string[] = TOPICS.map((t) => t.name);

/**
 * How many markers of each topic a term set holds (capped at 255), in `TOPIC_NAMES` order, written
 * into `out` from `offset` (a document keeps its sentences' counts in one array: one object, not
 * one per sentence).
 */
export function topicCounts(terms: ReadonlySet<string>, out = new Uint8Array(TOPIC_COUNT), offset = 0): Uint8Array {
  for (const term of terms) {
    const markers = MARKERS_BY_FIRST.get(term);
    if (!markers) continue;
    for (const m of markers) {
      if (m.rest.every((t) => terms.has(t)) && out[offset + m.topic]! < 255) out[offset + m.topic]!++;
    }
  }
  return out;
}

/** The topics a question's terms name (indexes into `TOPIC_NAMES`). */
export function topicsOf(terms: Iterable<string>): number[] {
  const counts = topicCounts(new Set(terms));
  const out: number[] = [];
  counts.forEach((n, i) => {
    if (n > 0) out.push(i);
  });
  return out;
}

/**
 * How well a sentence's topics match the question's, from 0 to 1: per topic asked, 1 for a
 * sentence with two or more of its markers, ½ for one, averaged over the topics asked.
 */
export function topicMatch(counts: Uint8Array, asked: readonly number[], offset = 0): number {
  if (asked.length === 0) return 0;
  let sum = 0;
  for (const i of asked) sum += Math.min(2, counts[offset + i]!) / 2;
  return sum / asked.length;
}
