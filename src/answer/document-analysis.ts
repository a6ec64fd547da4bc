/**
 * The per-document view the answerer reads: every sentence-sized unit with its words and terms,
 * and every clause's heading terms. Built lazily and kept in a bounded cache per index (analysis-store.ts) because at ten thousand
 * documents most are never asked about, and this is the bulk of the memory.
 */
import type { Block, Clause, PolicyDocument } from '../corpus/types.ts';
import { sentencesOf } from '../corpus/sentences.ts';
import { tokenize, type Token } from '../text/analyze.ts';
import { phraseTermsIn } from '../search/vocabulary.ts';
import { TOPIC_COUNT, topicCounts } from './topics.ts';

/** A sentence, list item or address block: the smallest thing an answer cites. */
export interface Unit {
  /** Position in `DocumentAnalysis.units`. */
  ordinal: number;
  clauseOrdinal: number;
  blockOrdinal: number;
  kind: Block['kind'];
  start: number;
  end: number;
  tokens: Token[];
  terms: ReadonlySet<string>;
  /** Pairs of terms that stand next to each other (stop words skipped), keyed by `pairKey`: phrase evidence. */
  pairs: ReadonlySet<string>;
  /** True for the first unit of its block (a new paragraph or list item starts here). */
  blockStart: boolean;
}

export interface ClauseAnalysis {
  clause: Clause;
  ordinal: number;
  headingTerms: ReadonlySet<string>;
  /** Terms of the headings above this clause, and of the document title. */
  contextTerms: ReadonlySet<string>;
  /** Ordinals of this clause's units, in order. */
  units: number[];
  /** Heading line and its ancestors' headings, for display: `Third Country Transfer › Supplementary…`. */
  headingPath: string;
}

export interface DocumentAnalysis {
  document: PolicyDocument;
  units: Unit[];
  clauses: ClauseAnalysis[];
  /** In how many clauses (heading, context or body) each term occurs. */
  clauseFrequency: ReadonlyMap<string, number>;
  /** In how many units or headings each term occurs: a finer measure of rarity within one document. */
  unitFrequency: ReadonlyMap<string, number>;
  /** Units plus headings: the N of `unitFrequency`. */
  passageCount: number;
  /**
   * How many markers of each privacy topic each unit holds (topics.ts): unit `o`'s counts are at
   * `o × TOPIC_COUNT` … in one array for the document. The sentence's practices, for ranking further citations.
   */
  unitTopics: Uint8Array;
  /** Mean number of distinct terms per unit: BM25's average length (sentence-bm25.ts). */
  meanUnitTerms: number;
}

function termSet(tokens: Token[]): Set<string> {
  const sequence: string[] = [];
  for (const t of tokens) if (t.term !== null) sequence.push(t.term);
  return new Set([...sequence, ...phraseTermsIn(sequence)]);
}

/** The key of two neighbouring terms, in either order ("information we collect" = "collect information"). */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a} ${b}` : `${b} ${a}`;
}

function pairSet(tokens: Token[]): Set<string> {
  const pairs = new Set<string>();
  let previous: string | null = null;
  for (const t of tokens) {
    if (t.term === null) continue;
    if (previous !== null) pairs.add(pairKey(previous, t.term));
    previous = t.term;
  }
  return pairs;
}

export function analyzeDocument(document: PolicyDocument): DocumentAnalysis {
  const { text } = document;
  const units: Unit[] = [];
  const clauses: ClauseAnalysis[] = [];
  const byId = new Map<string, ClauseAnalysis>();
  const clauseFrequency = new Map<string, number>();
  const titleTerms = document.title ? termSet(tokenize(document.title)) : new Set<string>();

  document.clauses.forEach((clause, ordinal) => {
    const parent = clause.parentId ? byId.get(clause.parentId) : undefined;
    const headingTerms = clause.headingSpan
      ? termSet(tokenize(text, clause.headingSpan.start, clause.headingSpan.end))
      : new Set<string>();
    const contextTerms = new Set<string>(titleTerms);
    if (parent) for (const t of [...parent.headingTerms, ...parent.contextTerms]) contextTerms.add(t);
    const info: ClauseAnalysis = {
      clause,
      ordinal,
      headingTerms,
      contextTerms,
      units: [],
      headingPath: parent && parent.headingPath ? `${parent.headingPath} › ${clause.heading}` : clause.heading,
    };
    clause.blocks.forEach((block, blockOrdinal) => {
      sentencesOf(text, block).forEach((span, i) => {
        const tokens = tokenize(text, span.start, span.end);
        info.units.push(units.length);
        units.push({
          ordinal: units.length,
          clauseOrdinal: ordinal,
          blockOrdinal,
          kind: block.kind,
          start: span.start,
          end: span.end,
          tokens,
          terms: termSet(tokens),
          pairs: pairSet(tokens),
          blockStart: i === 0,
        });
      });
    });
    const seen = new Set<string>([...headingTerms, ...contextTerms]);
    for (const u of info.units) for (const t of units[u]!.terms) seen.add(t);
    for (const t of seen) clauseFrequency.set(t, (clauseFrequency.get(t) ?? 0) + 1);
    clauses.push(info);
    byId.set(clause.id, info);
  });
  const unitFrequency = new Map<string, number>();
  const count = (terms: Iterable<string>) => {
    for (const t of terms) unitFrequency.set(t, (unitFrequency.get(t) ?? 0) + 1);
  };
  for (const u of units) count(u.terms);
  let headings = 0;
  for (const c of clauses) {
    if (c.headingTerms.size === 0) continue;
    headings++;
    count(c.headingTerms);
  }
  let words = 0;
  for (const u of units) words += u.terms.size;
  const unitTopics = new Uint8Array(units.length * TOPIC_COUNT);
  for (const u of units) topicCounts(u.terms, unitTopics, u.ordinal * TOPIC_COUNT);
  return {
    document,
    units,
    clauses,
    clauseFrequency,
    unitFrequency,
    passageCount: units.length + headings,
    unitTopics,
    meanUnitTerms: Math.max(1, words / Math.max(1, units.length)),
  };
}
