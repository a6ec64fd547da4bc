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

t.test('a big city written in a sentence names its country; a city name that is also a word, or opens a line, does not', async (t) => {
  const codes = (s: string) => findCountries(s).map((m) => m.code);
  t.same(codes('Our backup servers are hosted in a data centre in Osaka;'), ['JP']);
  t.same(codes('Is my data stored in Frankfurt?'), ['DE']);
  t.same(codes('We also have an office in London, and one in Sydney.'), ['GB', 'AU']);
  t.same(codes('Mobile devices send crash reports.'), [], 'first word of a sentence');
  t.same(codes('We collect data from Mobile apps.'), [], 'a city name that is also a word');
  t.same(codes('¿Van a usar mi correo electrónico?'), [], 'a Spanish verb at the start of a question');
  t.same(codes('is my data in osaka'), [], 'a city only counts written capitalised');
});
