import t from 'tap';
import { TypoCorrector, editDistance } from '../../src/search/typos.ts';

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
