/**
 * The exact top-k scorer (src/search/top-clauses.ts) against MiniSearch itself: for the whole
 * corpus and for single documents, the same clauses, scores (to the last bit), order and
 * matched terms, on the gold corpora plus generated policies, for real and random queries.
 */
import { readFileSync } from 'node:fs';
import { ClauseSearch } from '../../src/search/clause-search.ts';
import t from 'tap';
import { generatePolicy } from '../../bench/generate-corpus.ts';
import { loadCorpus, parseDocument } from '../../src/corpus/load.ts';
import type { PolicyDocument } from '../../src/corpus/types.ts';
import {
  CLAUSES_PER_DOCUMENT,
  ClauseIndex,
  MINISEARCH_FIELDS,
  clauseFields,
  miniSearchOptions,
  type IndexedClause,
  type WeightedTerm,
} from '../../src/search/clause-index.ts';
import { parseQuery } from '../../src/search/query.ts';
import { TopClauses } from '../../src/search/top-clauses.ts';
import { CORPUS_DIR } from '../helper.ts';

const gold = new URL('../gold/', import.meta.url);
const documents: PolicyDocument[] = [];
for (const dir of [CORPUS_DIR, ...['corpus-lakeside', 'corpus-nordwind', 'corpus-kestrel', 'corpus-brightline'].map((d) => new URL(d, gold).pathname)]) {
  documents.push(...(await loadCorpus(dir).catch(() => ({ documents: [] }))).documents);
}
for (let i = 0; i < 40; i++) {
  const p = generatePolicy(i);
  documents.push(parseDocument(p.name, p.text));
}

const index = ClauseIndex.build(documents);
const perDocument = ClauseIndex.build(documents, { crossDocument: false });

const questions: string[] = [];
for (const file of ['webpros.jsonl', 'lakeside.jsonl', 'nordwind.jsonl', 'kestrel.jsonl', 'multilingual.jsonl']) {
  for (const line of readFileSync(new URL(file, gold), 'utf8').split('\n').filter(Boolean)) {
    questions.push(...(JSON.parse(line) as { turns: string[] }).turns);
  }
}
const parsed = (q: string) => parseQuery(q, { corrector: index.corrector, knows: (x) => index.hasTerm(x) }).terms;

// Deterministic random term sets: common and rare terms, unknown ones, several weights.
const vocabulary = [...index.clauseFrequency.entries()].sort((a, b) => b[1] - a[1]).map(([term]) => term);
let seed = 12345;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const randomTerms = (): WeightedTerm[] => {
  const out: WeightedTerm[] = [];
  for (let i = 0, n = 1 + Math.floor(random() * 10); i < n; i++) {
    const r = random();
    const term = r < 0.5 ? vocabulary[Math.floor(random() * 60)]! : r < 0.9 ? vocabulary[Math.floor(random() * vocabulary.length)]! : 'zzz-unknown';
    out.push({ term, weight: [1, 0.9, 0.7, 0.6, 0.54][Math.floor(random() * 5)]! });
  }
  return out;
};
const queries: WeightedTerm[][] = [...questions.map(parsed), ...Array.from({ length: 150 }, randomTerms)];

/** The MiniSearch query ClauseIndex.retrieve runs for these terms. */
function searchOf(terms: WeightedTerm[]) {
  const weights = new Map<string, number>();
  for (const w of terms) weights.set(w.term, Math.max(weights.get(w.term) ?? 0, w.weight));
  const text = [...weights.keys()].join(' ');
  const options = {
    boost: { heading: index.options.headingBoost, context: index.options.contextBoost, text: 1 },
    combineWith: 'OR' as const,
    prefix: false,
    fuzzy: false,
    tokenize: (s: string) => s.split(' '),
    processTerm: (s: string) => s,
    boostTerm: (term: string) => weights.get(term) ?? 1,
  };
  const top = (limit: number) => ({
    terms: text.split(' ').filter(Boolean),
    boostTerm: options.boostTerm,
    fields: MINISEARCH_FIELDS,
    fieldBoost: { heading: index.options.headingBoost, context: index.options.contextBoost, text: 1 },
    limit,
  });
  return { text, options, top };
}

const plain = (results: Array<{ id: unknown; score: number; queryTerms: string[] }>) =>
  results.map((r) => ({ id: r.id, score: r.score, queryTerms: r.queryTerms }));

t.test('whole corpus: the same top clauses, scores, order and matched terms as MiniSearch', async (t) => {
  const cross = new ClauseSearch<IndexedClause>(miniSearchOptions());
  documents.forEach((d, ordinal) => cross.addAll(clauseFields(d).map((f) => ({ ...f, id: ordinal * CLAUSES_PER_DOCUMENT + f.id }))));
  const top = new TopClauses(cross);
  const mismatches: Array<{ query: string; actual: unknown; expected: unknown }> = [];
  for (const [i, terms] of queries.entries()) {
    const { text, options, top: query } = searchOf(terms);
    const limit = [30, 1, 5, 50][i % 4]!;
    const expected = plain(cross.search(text, options).slice(0, limit));
    const actual = top.search(query(limit));
    if (JSON.stringify(actual) !== JSON.stringify(expected)) mismatches.push({ query: text, actual, expected });
  }
  t.same(mismatches.slice(0, 1), [], `${queries.length} queries, none differ`);
});

t.test('one document: the same as a MiniSearch over that document alone', async (t) => {
  const mismatches: Array<{ query: string; actual: unknown; expected: unknown }> = [];
  for (const [i, terms] of queries.entries()) {
    for (const document of [documents[i % documents.length]!, documents[(i * 7 + 3) % documents.length]!]) {
      const limit = [12, 3, 1, 50][i % 4]!;
      const expected = perDocument.retrieve(terms, { documentId: document.id, limit });
      const actual = index.retrieve(terms, { documentId: document.id, limit });
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        mismatches.push({ query: `${document.id}: ${terms.map((x) => x.term).join(' ')}`, actual, expected });
      }
    }
  }
  t.same(mismatches.slice(0, 1), [], `${queries.length * 2} queries, none differ`);
});

t.test('an index that was changed after building is left to MiniSearch (null)', async (t) => {
  const search = new ClauseSearch<IndexedClause>(miniSearchOptions());
  search.addAll(clauseFields(documents[0]!));
  const top = new TopClauses(search);
  const query = { terms: ['transfer'], boostTerm: () => 1, fields: MINISEARCH_FIELDS, fieldBoost: { heading: 1, context: 1, text: 1 }, limit: 3 };
  t.ok(top.search(query), 'answers on an untouched index');
  const removed = new ClauseSearch<IndexedClause>(miniSearchOptions());
  removed.addAll(clauseFields(documents[0]!));
  removed.discard(0);
  t.equal(new TopClauses(removed).search(query), null, 'falls back after a removal');
  t.equal(top.search({ ...query, terms: ['transfer', 'transfer'] }), null, 'falls back on repeated terms');
});

t.test('ClauseSearch.restoreAsync reads back what toJSON saved: the same searches and the same top clauses', async (t) => {
  const built = new ClauseSearch<IndexedClause>(miniSearchOptions());
  documents.forEach((d, ordinal) => built.addAll(clauseFields(d).map((f) => ({ ...f, id: ordinal * CLAUSES_PER_DOCUMENT + f.id }))));
  const restored = await ClauseSearch.restoreAsync<IndexedClause>(JSON.parse(JSON.stringify(built)), miniSearchOptions());
  t.ok(restored instanceof ClauseSearch);
  t.same(restored.statistics(), built.statistics());
  const [top, topRestored] = [new TopClauses(built), new TopClauses(restored)];
  for (const terms of queries.slice(0, 50)) {
    const { text, options, top: query } = searchOf(terms);
    t.same(plain(restored.search(text, options)), plain(built.search(text, options)));
    t.same(topRestored.search(query(20)), top.search(query(20)));
  }
});
