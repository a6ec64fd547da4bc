/**
 * The binary search that maps an offset onto a sorted list of starts (line starts, kept-text
 * starts): the index of the last start at or before the offset, 0 when there is none.
 */
export function lastAtOrBefore(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid]! <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
