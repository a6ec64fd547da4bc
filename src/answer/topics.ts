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
export const TOPIC_NAMES: readonly string[] = TOPICS.map((t) => t.name);

/** How many markers of each topic a term set holds (capped at 255), in `TOPIC_NAMES` order. */
export function topicCounts(terms: ReadonlySet<string>): Uint8Array {
  const out = new Uint8Array(TOPIC_COUNT);
  TOPICS.forEach((topic, i) => {
    let n = 0;
    for (const p of topic.phrases) if (p.every((t) => terms.has(t))) n++;
    out[i] = Math.min(255, n);
  });
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
export function topicMatch(counts: Uint8Array, asked: readonly number[]): number {
  if (asked.length === 0) return 0;
  let sum = 0;
  for (const i of asked) sum += Math.min(2, counts[i]!) / 2;
  return sum / asked.length;
}
