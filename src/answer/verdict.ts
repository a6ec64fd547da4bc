/**
 * The verdict of a yes/no question, read from the sentence that answers it: a negation in the
 * sentence ("we do not use", "is not certified") gives `no`, a condition ("only if", "unless")
 * gives `conditional`, otherwise `yes`.
 */
import { cueSpans, hasCue } from './cues.ts';
import type { Verdict } from './types.ts';

/**
 * `near` are the offsets (into `sentence`) of what the question asks about: the country, or the
 * question's words. Each part of the sentence between commas or `but` that holds one of them
 * gives its own verdict, so "we do not sell data, but we use cookies" answers "do you use
 * cookies?" with yes, and "we use encryption …, but no method is completely secure" answers
 * "is my data secure?" with conditional: the parts about the question disagree.
 */
export function verdictOf(sentence: string, near: Array<[number, number]> = []): Verdict {
  const scopes = new Map<string, [number, number]>();
  for (const span of near) {
    const scope = clauseAround(sentence, span);
    scopes.set(`${scope[0]}:${scope[1]}`, scope);
  }
  if (scopes.size === 0) scopes.set('all', [0, sentence.length]);
  const verdicts = new Set<Verdict>([...scopes.values()].map(([from, to]) => partVerdict(sentence.slice(from, to))));
  if (verdicts.size === 1) return [...verdicts][0]!;
  return verdicts.has('yes') || verdicts.has('conditional') ? 'conditional' : 'no';
}

function partVerdict(part: string): Verdict {
  if (cueSpans('negation', part).length > 0) return 'no';
  if (hasCue('condition', part)) return 'conditional';
  return 'yes';
}

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
