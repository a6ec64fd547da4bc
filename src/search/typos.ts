/**
 * Typo correction against the corpus's own vocabulary: a question term the corpus does not
 * contain is replaced by the closest term it does contain (optimal string alignment distance,
 * so a swapped pair of letters — `contcat` — costs one edit, not two).
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/** Edit distance with adjacent transpositions, or `limit + 1` as soon as it must exceed `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

/** How many edits a term of this length may be away from a correction. */
export function allowedEdits(length: number): number {
  if (length < 4) return 0;
  return length < 8 ? 1 : 2;
}

/** True when `b` is `a` with two neighbouring letters swapped (`lnog` → `long`). */
export function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
}

/** Every string `term` becomes by deleting up to `count` of its letters (itself included). */
export function deletions(term: string, count: number): Set<string> {
  const out = new Set<string>([term]);
  let frontier = [term];
  for (let round = 0; round < count; round++) {
    const next: string[] = [];
    for (const s of frontier) {
      for (let i = 0; i < s.length; i++) {
        const d = s.slice(0, i) + s.slice(i + 1);
        if (!out.has(d)) {
          out.add(d);
          next.push(d);
        }
      }
    }
    frontier = next;
  }
  return out;
}

/**
 * How many deletions of a vocabulary term are indexed: as many as a question term that could be
 * close enough to it may be edited (`allowedEdits` of a length up to two more than its own).
 */
function indexedDeletions(length: number): number {
  return length >= 6 ? 2 : 1;
}

/**
 * A vocabulary that can suggest the nearest known term, through a deletion index built once with
 * the index (SymSpell's idea): two words within k edits (insertions, deletions, substitutions,
 * swaps of neighbours) become the same string after at most k deletions each, so the candidates
 * for a question term are the terms that share one of its deletions, found by a few map look-ups
 * instead of a scan over the vocabulary. Each candidate is then measured (`editDistance`), and the
 * choice is the one a scan in (length, vocabulary order) would make: fewest edits, then most
 * frequent, then shortest, then first in the vocabulary (tests/search/typos.test.ts compares).
 */
/** Marks a corrector whose deletion index `inSlices` fills. */
const DEFERRED: unique symbol = Symbol('deferred');

export class TypoCorrector {
  /** The vocabulary in its order; a term's position is its ordinal below. */
  private readonly terms: string[] = [];
  /** Deletion string → ordinals of the terms it was made from. */
  private readonly byDeletion = new Map<string, number[]>();

  /** Builds the deletion index at once (in the index worker, the CLI and tests). */
  constructor(frequency: ReadonlyMap<string, number>);
  constructor(
    private readonly frequency: ReadonlyMap<string, number>,
    deferred?: typeof DEFERRED,
  ) {
    if (deferred !== DEFERRED) for (const _ of this.indexSteps());
  }

  /**
   * The same corrector, built in slices of at most about `sliceMs` between two `pause()`s: the
   * deletion index of a large vocabulary takes seconds, and a server restoring its index must
   * keep answering /healthz and signals meanwhile.
   */
  static async inSlices(
    frequency: ReadonlyMap<string, number>,
    options: { sliceMs?: number; pause?: () => Promise<void> } = {},
  ): Promise<TypoCorrector> {
    const { sliceMs = 20, pause = () => yieldToEventLoop() } = options;
    const corrector = new (TypoCorrector as new (f: ReadonlyMap<string, number>, d: typeof DEFERRED) => TypoCorrector)(frequency, DEFERRED);
    let sliceStart = performance.now();
    for (const _ of corrector.indexSteps()) {
      if (performance.now() - sliceStart < sliceMs) continue;
      await pause();
      sliceStart = performance.now();
    }
    return corrector;
  }

  /** Indexes the vocabulary's deletions, pausing (a `yield`) every few dozen terms. */
  private *indexSteps(): Generator<void> {
    let count = 0;
    for (const term of this.frequency.keys()) {
      // The shortest term ever corrected has 4 letters (`allowedEdits`), one edit away.
      if (term.length < 3) continue;
      const ordinal = this.terms.push(term) - 1;
      for (const d of deletions(term, indexedDeletions(term.length))) {
        const list = this.byDeletion.get(d);
        if (list) list.push(ordinal);
        else this.byDeletion.set(d, [ordinal]);
      }
      if (++count % 64 === 0) yield;
    }
  }

  /** The closest known term (ties broken by frequency), or undefined when none is close enough. */
  correct(term: string): string | undefined {
    const limit = allowedEdits(term.length);
    if (limit === 0 || !/^[a-z]+$/.test(term)) return undefined;
    let best: string | undefined;
    let bestOrdinal = -1;
    let bestDistance = limit + 1;
    let bestFrequency = 0;
    const seen = new Set<number>();
    for (const d of deletions(term, limit)) {
      for (const ordinal of this.byDeletion.get(d) ?? []) {
        if (seen.has(ordinal)) continue;
        seen.add(ordinal);
        const candidate = this.terms[ordinal]!;
        if (Math.abs(candidate.length - term.length) > limit) continue;
        // A typo rarely changes the first letter; skipping those keeps corrections safe.
        if (candidate[0] !== term[0]) continue;
        // Short stems are too close to one another (`park`, `part`): there only a swap is a typo.
        if (term.length < 5 && !isTransposition(term, candidate)) continue;
        const distance = editDistance(term, candidate, limit);
        if (distance > limit) continue;
        const frequency = this.frequency.get(candidate) ?? 0;
        const better =
          distance < bestDistance ||
          (distance === bestDistance &&
            (frequency > bestFrequency ||
              (frequency === bestFrequency && (candidate.length < best!.length || (candidate.length === best!.length && ordinal < bestOrdinal)))));
        if (better) {
          best = candidate;
          bestOrdinal = ordinal;
          bestDistance = distance;
          bestFrequency = frequency;
        }
      }
    }
    return best;
  }
}
