import t from 'tap';
import { parseQuery } from '../../src/search/query.ts';
import { TypoCorrector } from '../../src/search/typos.ts';

const core = (q: string, options = {}) => parseQuery(q, options).core.map((c) => c.term);

t.test('German, Spanish, French and Italian questions read as English terms', async (t) => {
  t.equal(parseQuery('Ist eine Übermittlung meiner Daten nach Japan abgedeckt?').language, 'de');
  t.ok(core('Ist eine Übermittlung meiner Daten nach Japan abgedeckt?').includes('transfer'));
  t.equal(parseQuery('¿A quién debo contactar para ejercer mis derechos?').language, 'es');
  t.same(core('¿A quién debo contactar para ejercer mis derechos?').filter((x) => ['contact', 'exercis', 'right'].includes(x)).sort(), ['contact', 'exercis', 'right']);
  t.ok(core('Le transfert de mes données vers le Japon est-il couvert ?').includes('transfer'));
  t.ok(core('Il trasferimento dei miei dati in Canada è coperto?').includes('cover'));
  t.equal(parseQuery('Who do I contact?').language, 'en');
});

t.test('typos are corrected only against words the corpus knows', async (t) => {
  const vocabulary = new Map([['contact', 2], ['right', 1], ['privaci', 1]]);
  const options = { corrector: new TypoCorrector(vocabulary), knows: (term: string) => vocabulary.has(term) };
  const q = parseQuery('who do i contcat about my privacy rigths', options);
  t.same(q.core.map((c) => c.term), ['contact', 'privaci', 'right']);
  t.same(q.core.filter((c) => c.source === 'corrected').map((c) => c.of), ['contcat', 'rigth']);
});

t.test('synonyms and abbreviations join at a lower weight', async (t) => {
  const q = parseQuery('How long do you keep my data?');
  const retain = q.terms.find((x) => x.term === 'retain');
  t.ok(retain && retain.weight < 1 && retain.source === 'related', 'keep → retain');
  const scc = parseQuery('Are there standard contractual clauses?').terms.find((x) => x.term === 'scc');
  t.ok(scc, 'the long form also asks for its abbreviation');
});
