import t from 'tap';
import { TypoCorrector, allowedEdits, editDistance, isTransposition } from '../../src/search/typos.ts';
import { loadIndex } from '../helper.ts';

t.test('a swapped pair of letters is one edit', async (t) => {
  t.equal(editDistance('contcat', 'contact', 2), 1);
  t.equal(editDistance('rigth', 'right', 2), 1);
  t.equal(editDistance('privacy', 'privacy', 2), 0);
  t.equal(editDistance('cookie', 'transfer', 2), 3, 'stops early beyond the limit');
});

t.test('unknown words are corrected to the corpus vocabulary, frequent terms first', async (t) => {
  const corrector = new TypoCorrector(new Map([['contact', 5], ['content', 1], ['right', 3], ['rigid', 9]]));
  t.equal(corrector.correct('contcat'), 'contact');
  t.equal(corrector.correct('rigth'), 'right');
  t.equal(corrector.correct('weather'), undefined, 'nothing close enough');
  t.equal(corrector.correct('abc'), undefined, 'short words are never corrected');
});

/** The corrector as it was first written: a scan of the vocabulary in (length, vocabulary) order. */
function scanCorrect(frequency: ReadonlyMap<string, number>, term: string): string | undefined {
  const limit = allowedEdits(term.length);
  if (limit === 0 || !/^[a-z]+$/.test(term)) return undefined;
  let best: string | undefined;
  let bestDistance = limit + 1;
  let bestFrequency = 0;
  for (let len = term.length - limit; len <= term.length + limit; len++) {
    for (const candidate of frequency.keys()) {
      if (candidate.length !== len || candidate[0] !== term[0]) continue;
      if (term.length < 5 && !isTransposition(term, candidate)) continue;
      const d = editDistance(term, candidate, Math.min(limit, bestDistance));
      const f = frequency.get(candidate) ?? 0;
      if (d < bestDistance || (d === bestDistance && d <= limit && f > bestFrequency)) {
        best = candidate;
        bestDistance = d;
        bestFrequency = f;
      }
    }
  }
  return bestDistance <= limit ? best : undefined;
}

t.test('the deletion index corrects exactly as a scan of the vocabulary would', async (t) => {
  const index = await loadIndex();
  const frequency = index.clauseFrequency;
  const corrector = new TypoCorrector(frequency);
  // Typos of corpus terms (one and two edits of every kind) and words the corpus does not hold.
  const words = [...frequency.keys()].filter((w) => /^[a-z]+$/.test(w) && w.length >= 4);
  let seed = 7;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const edit = (w: string): string => {
    const i = random(w.length);
    switch (random(4)) {
      case 0: return w.slice(0, i) + w.slice(i + 1);
      case 1: return w.slice(0, i) + letters[random(26)] + w.slice(i);
      case 2: return w.slice(0, i) + letters[random(26)] + w.slice(i + 1);
      default: return i + 1 < w.length ? w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2) : w;
    }
  };
  const probes = [...words.map(edit), ...words.map((w) => edit(edit(w))), 'cheer', 'curious', 'regard', 'wonder', 'appreci', 'thx', 'contcat', 'retnetion'];
  let corrected = 0;
  for (const probe of probes) {
    const expected = scanCorrect(frequency, probe);
    if (expected !== undefined) corrected++;
    if (corrector.correct(probe) !== expected) t.fail(`${probe}: ${corrector.correct(probe)} instead of ${expected}`);
  }
  t.ok(corrected >= 100, `${corrected} of ${probes.length} probes corrected, each as the scan does`);
});

t.test('built in slices, the corrector lets the event loop run and corrects as one built at once', async (t) => {
  const index = await loadIndex();
  const frequency = index.clauseFrequency;
  let pauses = 0;
  // sliceMs 0: a pause after every few dozen terms, so a large vocabulary never holds the loop.
  const sliced = await TypoCorrector.inSlices(frequency, { sliceMs: 0, pause: async () => void pauses++ });
  t.ok(pauses >= Math.floor(frequency.size / 100), `${pauses} pauses over ${frequency.size} terms`);
  const whole = new TypoCorrector(frequency);
  const probes = [...frequency.keys()].filter((w) => /^[a-z]{5,}$/.test(w)).map((w) => w.slice(0, 2) + w.slice(3));
  for (const probe of probes) if (sliced.correct(probe) !== whole.correct(probe)) t.fail(`${probe}: ${sliced.correct(probe)} instead of ${whole.correct(probe)}`);
  t.ok(probes.some((p) => whole.correct(p) !== undefined), 'some probes are corrected');
});
