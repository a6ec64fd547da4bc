/**
 * Typo correction against the corpus's own vocabulary: a question term the corpus does not
 * contain is replaced by the closest term it does contain (optimal string alignment distance,
 * so a swapped pair of letters — `contcat` — costs one edit, not two).
 */

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

/**
 * A vocabulary that can suggest the nearest known term. Terms are bucketed by length so a lookup
 * only compares against terms that could be close enough.
 */
export class TypoCorrector {
  private readonly byLength = new Map<number, string[]>();

  constructor(private readonly frequency: ReadonlyMap<string, number>) {
    for (const term of frequency.keys()) {
      let bucket = this.byLength.get(term.length);
      if (!bucket) this.byLength.set(term.length, (bucket = []));
      bucket.push(term);
    }
  }

  /** The closest known term (ties broken by frequency), or undefined when none is close enough. */
  correct(term: string): string | undefined {
    const limit = allowedEdits(term.length);
    if (limit === 0 || !/^[a-z]+$/.test(term)) return undefined;
    let best: string | undefined;
    let bestDistance = limit + 1;
    let bestFrequency = 0;
    for (let len = term.length - limit; len <= term.length + limit; len++) {
      for (const candidate of this.byLength.get(len) ?? []) {
        // A typo rarely changes the first letter; skipping those keeps the scan cheap and safe.
        if (candidate[0] !== term[0]) continue;
        // Short stems are too close to one another (`park`, `part`): there only a swap is a typo.
        if (term.length < 5 && !isTransposition(term, candidate)) continue;
        const d = editDistance(term, candidate, Math.min(limit, bestDistance));
        const f = this.frequency.get(candidate) ?? 0;
        if (d < bestDistance || (d === bestDistance && d <= limit && f > bestFrequency)) {
          best = candidate;
          bestDistance = d;
          bestFrequency = f;
        }
      }
    }
    return bestDistance <= limit ? best : undefined;
  }
}
