/**
 * The verdict of a yes/no question, read from the sentence that answers it: a negation in the
 * sentence ("we do not use", "is not certified") gives `no`, a condition ("only if", "unless")
 * gives `conditional`, otherwise `yes`.
 */
import { cueSpans, hasCue } from './cues.ts';
import type { Verdict } from './types.ts';

/**
 * `near` (offsets into `sentence`) limits the negation to the clause around the thing asked
 * about, so "we do not sell data, but we use cookies" answers "do you use cookies?" with yes.
 */
export function verdictOf(sentence: string, near?: [number, number]): Verdict {
  const negations = cueSpans('negation', sentence);
  if (!near && negations.length > 0) {
    // "We use encryption …, but no method is completely secure": a yes with a reservation.
    const parts = sentence.split(CONTRAST).filter((p) => /\p{L}{3}/u.test(p));
    const negated = parts.filter((p) => cueSpans('negation', p).length > 0).length;
    if (parts.length > 1 && negated > 0 && negated < parts.length) return 'conditional';
  }
  const scope = near ? clauseAround(sentence, near) : [0, sentence.length];
  if (negations.some(([s]) => s >= scope[0]! && s < scope[1]!)) return 'no';
  if (hasCue('condition', sentence.slice(scope[0], scope[1]))) return 'conditional';
  return 'yes';
}

const CONTRAST = /[;,]?\s+\b(?:but|however|although|though|whereas|except that)\b/i;

/** The part of the sentence between the punctuation (or `but`, `whereas`) around a span. */
function clauseAround(sentence: string, [start, end]: [number, number]): [number, number] {
  const boundary = /[;,:]\s|\b(?:but|whereas|while|however|although)\b/gi;
  let from = 0;
  let to = sentence.length;
  for (const m of sentence.matchAll(boundary)) {
    const at = m.index ?? 0;
    if (at + m[0].length <= start) from = at + m[0].length;
    else if (at >= end) {
      to = at;
      break;
    }
  }
  return [from, to];
}

export function verdictLead(verdict: Verdict): string {
  switch (verdict) {
    case 'yes':
      return 'Yes.';
    case 'no':
      return 'No.';
    case 'conditional':
      return 'Only under conditions.';
    case 'not_stated':
      return 'The policy does not say.';
  }
}
