import t from 'tap';
import { loadIndex, WEBPROS } from '../helper.ts';
import { documentFacts } from '../../src/answer/document-facts.ts';
import { documentAnalysis } from '../../src/answer/analysis-store.ts';
import { matchEntities } from '../../src/answer/entities.ts';
import { findCountries } from '../../src/answer/countries.ts';
import { fileURLToPath } from 'node:url';

const isCountryWord = (w: string) => findCountries(w).length > 0;

t.test('a list of group companies becomes records with name, address and country', async (t) => {
  const index = await loadIndex();
  const { entities } = documentFacts(documentAnalysis(index, WEBPROS)!);
  const listed = entities.records.filter((r) => r.unit.kind === 'list-item');
  t.equal(listed.length, 12);
  const names = listed.map((r) => r.name);
  t.ok(names.includes('Canada WebPros International, Ltd.'), 'a legal form after a comma stays in the name');
  const japan = listed.find((r) => r.country === 'JP')!;
  t.match(japan.address, /Ginza, Chuo-ku, Tokyo/);
  t.equal(listed.find((r) => r.name.startsWith('WebPros Netherlands'))!.country, 'NL', 'country from a code at the end');
  t.equal(entities.places.get('tokyo'), 'JP', 'towns of listed offices name their country');
  const text = index.getDocument(WEBPROS)!.text;
  for (const r of entities.records) t.equal(text.slice(r.nameStart, r.nameEnd), r.name, 'name span is verbatim');
});

t.test('a question names an entity by a rare word of its name, not by a shared one', async (t) => {
  const index = await loadIndex();
  const { entities } = documentFacts(documentAnalysis(index, WEBPROS)!);
  const names = (q: string) => matchEntities(entities, q.toLowerCase().split(/\W+/), isCountryWord).map((m) => m.record.name);
  t.same(names('Is Comet part of the group'), ['Comet Licensing Ltd.']);
  t.same(names('where is webpros japan located'), ['WebPros Japan K.K.']);
  t.same(names('which companies are in germany'), [], 'a country word alone is the country');
  t.same(names('legal basis for sharing within the webpros group'), [], 'a word most names share names none');
});

t.test('entities in running text with their address', async (t) => {
  const index = await loadIndex(fileURLToPath(new URL('../gold/corpus-lakeside/', import.meta.url)));
  const doc = index.listDocuments()[0]!;
  const { entities } = documentFacts(documentAnalysis(index, doc.id)!);
  const byName = new Map(entities.records.map((r) => [r.name, r]));
  t.equal(byName.get('Lakeside Analytics GmbH')?.country, 'CH');
  t.equal(byName.get('Lakeside Analytics Inc.')?.country, 'US');
});
