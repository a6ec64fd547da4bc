import t from 'tap';
import { findCountries, findRegions } from '../../src/answer/countries.ts';

const codes = (text: string) => findCountries(text).map((m) => m.code);

t.test('countries however they are written', async (t) => {
  for (const q of ['Japan', 'JP', 'Japanese', 'Japón', 'Japon']) t.same(codes(`transfer to ${q}?`), ['JP'], q);
  for (const q of ['USA', 'U.S.', 'United States', 'America', 'US']) t.same(codes(`data sent to the ${q} group company`), ['US'], q);
  for (const q of ['UK', 'United Kingdom', 'Great Britain']) t.same(codes(`Is ${q} covered?`), ['GB'], q);
  for (const q of ['South Korea', 'Republic of Korea']) t.same(codes(`transfers to ${q}`), ['KR'], q);
  t.same(codes('Vereinigte Staaten und Schweiz'), ['US', 'CH'], 'German names');
});

t.test('words that look like codes are not countries', async (t) => {
  t.same(codes('Can you tell us about it?'), [], '"us" is a pronoun');
  t.same(codes('Our IT systems in Germany'), ['DE'], '"IT" is information technology outside an address');
  t.same(codes('Schiphol Boulevard 369, 1118BJ Schiphol / NL'), ['NL'], 'a code at the end of an address counts');
});

t.test('mention offsets point at the words in the text', async (t) => {
  const text = 'in accordance with the Swiss-U.S. Data Privacy Framework';
  const found = findCountries(text);
  t.same(found.map((m) => text.slice(m.start, m.end)), ['Swiss', 'U.S.']);
  t.same(found.map((m) => m.kind), ['demonym', 'code']);
});

t.test('regions a policy names as one', async (t) => {
  t.same(findRegions('outside the European Union ("EU") and the European Economic Area'), ['EU', 'EEA']);
});
