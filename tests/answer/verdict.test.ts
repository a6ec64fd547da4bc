import t from 'tap';
import { verdictOf } from '../../src/answer/verdict.ts';

t.test('negation, condition and plain statements', async (t) => {
  t.equal(verdictOf('We do not use advertising or tracking cookies.'), 'no');
  t.equal(verdictOf('Such company is not certified under the framework.'), 'no');
  t.equal(verdictOf('We check your driving licence only if you rent a moped.'), 'conditional');
  t.equal(verdictOf('Data will only be transferred abroad unless safeguards are in place.'), 'conditional');
  t.equal(verdictOf('We record IP addresses and browser type.'), 'yes');
  t.equal(verdictOf('You may ask for a copy of your data.'), 'yes', '"may" grants, it does not condition');
});

t.test('a negation elsewhere in the sentence does not flip the part asked about', async (t) => {
  const s = 'We do not sell your data, but we use analytics cookies.';
  const at = s.indexOf('analytics');
  t.equal(verdictOf(s, [[at, at + 9]]), 'yes');
  const sell = s.indexOf('sell');
  t.equal(verdictOf(s, [[sell, sell + 4]]), 'no');
});

t.test('parts of a sentence about the question that disagree make a conditional', async (t) => {
  const s = 'We use encryption to protect your information, but no method of transmission is completely secure.';
  const spans = ['protect', 'secure'].map((w) => [s.indexOf(w), s.indexOf(w) + w.length] as [number, number]);
  t.equal(verdictOf(s, spans), 'conditional');
  t.equal(verdictOf(s, spans.slice(0, 1)), 'yes');
});
