import t from 'tap';
import { foldWord, termsOf, tokenize } from '../../src/text/analyze.ts';

t.test('tokens keep verbatim offsets, folded words and stemmed terms', async (t) => {
  const text = 'Transfers to Aragó’s offices, e-mail: privacy@example.com';
  const tokens = tokenize(text);
  for (const token of tokens) t.equal(foldWord(text.slice(token.start, token.end)).replace('-', ''), token.word);
  t.same(
    tokens.map((x) => x.term),
    ['transfer', null, 'arago', 'offic', 'email', 'privaci', 'exampl', 'com'],
    'stop words have no term, diacritics fold, "e-mail" is one word',
  );
});

t.test('questions and policy text meet on the same terms', async (t) => {
  t.same(termsOf('Is a transfer of my data covered?'), termsOf('transferred data covered'), 'inflections and stop words');
  t.same(termsOf('12 months, Art. 6'), ['12', 'month', 'art', '6'], 'numbers are kept: periods and article numbers');
});

t.test('a range inside a text tokenises with offsets into the whole text', async (t) => {
  const text = 'First sentence. Second sentence here.';
  const from = text.indexOf('Second');
  const tokens = tokenize(text, from, text.length);
  t.equal(text.slice(tokens[0]!.start, tokens[0]!.end), 'Second');
  t.equal(tokens.at(-1)!.end, text.length - 1);
});
