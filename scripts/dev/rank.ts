// Developer scratch: show how the general path ranks sentences for one question.
import { loadCorpus } from '../../src/corpus/load.ts';
import { ClauseIndex } from '../../src/search/clause-index.ts';
import { parseQuery } from '../../src/search/query.ts';
import { analyzeQuestion } from '../../src/answer/question.ts';
import { documentFacts } from '../../src/answer/document-facts.ts';
import { scoredTerms, topicCoverage, unitMatchWeights } from '../../src/answer/scoring.ts';
import { rankUnits } from '../../src/answer/general.ts';
import { factsAsked } from '../../src/answer/model/asked.ts';
import { policyModel } from '../../src/answer/model/store.ts';
import { documentAnalysis } from '../../src/answer/analysis-store.ts';

const [dir, question] = process.argv.slice(2);
const corpus = await loadCorpus(dir!);
const index = ClauseIndex.build(corpus.documents);
const doc = corpus.documents[Number(process.argv[4] ?? 0)]!;
const analysis = documentAnalysis(index, doc.id)!;
const query = parseQuery(question!, { corrector: index.corrector, knows: (t) => index.hasTerm(t) });
const q = analyzeQuestion(query);
const terms = scoredTerms(query.core, analysis, () => false);
console.log('intents', [...q.intents], 'wh', q.wh, 'yesNo', q.yesNo);
console.log('terms', terms.map((t) => `${t.term}:${t.idf.toFixed(2)}`).join(' '), '| related', query.terms.filter(t => t.source === 'related').map(t => t.term).join(' '));
const retrieved = new Map(index.retrieve(query.terms, { documentId: doc.id, limit: 12 }).map((c) => [c.clauseOrdinal, c.score]));
const ranked = rankUnits({ question: q, analysis, facts: documentFacts(analysis), terms, intents: q.intents, countries: q.countries.map((c) => c.code), yesNo: q.yesNo, carriedEntity: null, retrieved, model: policyModel(index, doc.id)!, asked: factsAsked(q), evidence: new Map(), unitMatches: () => unitMatchWeights(analysis, terms) });
for (const s of ranked.slice(0, 6)) {
  const c = analysis.clauses[s.unit.clauseOrdinal]!;
  console.log(`${s.total.toFixed(2)} t=${s.textScore.toFixed(2)} h=${s.headingScore.toFixed(2)} b=${s.bonus.toFixed(2)} cov=${topicCoverage(terms, c, analysis).toFixed(2)} [${c.clause.id}] ${doc.text.slice(s.unit.start, s.unit.end).slice(0, 110)}`);
}
