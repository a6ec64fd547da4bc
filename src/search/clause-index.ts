/**
 * ClauseIndex: the MiniSearch indexes over a corpus's clauses.
 *
 * One MiniSearch per document, so a question restricted to a document (`documentId`) costs the
 * same at one document or ten thousand, plus one index across all documents for questions that
 * name none. Each clause is indexed with three fields: its heading, its context (the headings
 * above it and the document title) and its own body text.
 *
 * The per-document indexes are built on first use (about 1 ms for a typical policy) and kept in
 * a bounded LRU cache: a live MiniSearch costs ~150-200 KB, so ten
 * thousand of them would dominate memory while most documents are rarely asked about. A
 * per-document index is always built from the same fields in the same order, so it ranks
 * exactly as an eagerly built one. The cross-document index and the corpus-wide term
 * frequencies are built once; index-snapshot.ts turns them into plain JSON and back, and
 * snapshot-store.ts keeps that on disk.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import type { Clause, PolicyDocument } from '../corpus/types.ts';
import { indexTermsOf, phraseTermsIn } from './vocabulary.ts';
import { termsOf } from '../text/analyze.ts';
import { TypoCorrector } from './typos.ts';
import { TopClauses } from './top-clauses.ts';
import { ClauseSearch } from './clause-search.ts';
import { LRUCache } from 'lru-cache';

export interface ClauseIndexOptions {
  /** Boost of a match in the clause's own heading, relative to its body text. */
  headingBoost: number;
  /** Boost of a match in the headings above the clause (and the document title). */
  contextBoost: number;
  /** Build the cross-document index too (questions without `documentId` over many documents). */
  crossDocument: boolean;
  /** How many documents keep their own MiniSearch in memory (rebuilt from the document on a miss). */
  searchCacheSize: number;
}

export const defaultClauseIndexOptions: ClauseIndexOptions = {
  headingBoost: 2.5,
  contextBoost: 0.8,
  crossDocument: true,
  searchCacheSize: 2000,
};

export interface IndexedClause {
  id: number;
  heading: string;
  context: string;
  text: string;
}

/** A query term with its weight (1 for a word the user typed; less for synonyms). */
export interface WeightedTerm {
  term: string;
  weight: number;
}

export interface RetrievedClause {
  documentId: string;
  clause: Clause;
  clauseOrdinal: number;
  score: number;
  /** Query terms this clause matched, in any field. */
  matched: string[];
}

/** Fields and options that an index snapshot must be loaded with, exactly as it was built. */
export const MINISEARCH_FIELDS = ['heading', 'context', 'text'] as const;

export function miniSearchOptions() {
  return {
    fields: [...MINISEARCH_FIELDS],
    idField: 'id',
    tokenize: (text: string) => indexTermsOf(text),
    // Terms arrive already folded and stemmed by `indexTermsOf`, in indexing and in queries alike.
    processTerm: (term: string) => term,
  };
}

/** The single terms multi-word forms in a term sequence stand for (whatever shape `phraseTermsIn` reports them in). */
function phraseTermStrings(terms: readonly string[]): string[] {
  return (phraseTermsIn(terms) as ReadonlyArray<string | { term: string }>).map((p) => (typeof p === 'string' ? p : p.term));
}

// Cross-document ids pack (document ordinal, clause ordinal) into one safe integer.
export const CLAUSES_PER_DOCUMENT = 1 << 20;

interface DocumentEntry {
  document: PolicyDocument;
  ordinal: number;
  /** MiniSearch short id of the document's first clause in the cross-document index (clauses are added in order). */
  firstShortId: number;
}

/** What an index is made of besides its documents: restored from a snapshot instead of built (index-snapshot.ts). */
export interface BuiltParts {
  cross: ClauseSearch<IndexedClause> | null;
  clauseFrequency: Map<string, number>;
  clauseCount: number;
  corrector: TypoCorrector;
}

/** The clause records a document's MiniSearch indexes (ids are clause positions). */
export function clauseFields(document: PolicyDocument): IndexedClause[] {
  const { text } = document;
  const byId = new Map<string, Clause>();
  const contextOf = (clause: Clause): string => {
    const parts: string[] = [];
    for (let p = clause.parentId ? byId.get(clause.parentId) : undefined; p; p = p.parentId ? byId.get(p.parentId) : undefined) {
      parts.push(p.heading);
    }
    if (document.title) parts.push(document.title);
    return parts.join(' \n ');
  };
  return document.clauses.map((clause, i) => {
    byId.set(clause.id, clause);
    return {
      id: i,
      heading: clause.heading,
      context: contextOf(clause),
      text: clause.blocks.map((b) => text.slice(b.start, b.end)).join('\n'),
    };
  });
}

export class ClauseIndex {
  readonly options: ClauseIndexOptions;
  private readonly entries = new Map<string, DocumentEntry>();
  private readonly ordered: DocumentEntry[] = [];
  private readonly crossIndex: ClauseSearch<IndexedClause> | null;
  /** Exact top-k over the cross-document index, without scoring into objects and sorting all. */
  private crossTop: TopClauses | null = null;
  /** The field boosts of `retrieve`'s top-k queries (MiniSearch's `boost` with its `|| 1`): the same for every query. */
  private fieldBoost: Record<string, number> | undefined;
  private readonly searches: LRUCache<string, MiniSearch<IndexedClause>>;
  /** In how many clauses of the whole corpus each term occurs. */
  readonly clauseFrequency: Map<string, number>;
  readonly clauseCount: number;
  /** Suggests the corpus's own spelling for a mistyped question term (its deletion index is built with the index). */
  readonly corrector: TypoCorrector;

  private constructor(
    documents: readonly PolicyDocument[],
    options: ClauseIndexOptions,
    restored?: BuiltParts,
  ) {
    this.options = options;
    // lru-cache keeps at least one entry.
    this.searches = new LRUCache({ max: Math.max(1, options.searchCacheSize) });
    let shortIds = 0;
    for (const document of documents) {
      if (this.entries.has(document.id)) continue;
      const entry: DocumentEntry = { document, ordinal: this.ordered.length, firstShortId: shortIds };
      this.entries.set(document.id, entry);
      this.ordered.push(entry);
      shortIds += document.clauses.length;
    }
    if (restored) {
      this.crossIndex = restored.cross;
      this.clauseFrequency = restored.clauseFrequency;
      this.clauseCount = restored.clauseCount;
      this.corrector = restored.corrector;
      return;
    }
    this.clauseFrequency = new Map();
    // Each field is tokenised once: the cross-document index reads its terms from `fieldTerms`
    // (exactly `indexTermsOf(field)`), and the clause frequencies from the same token lists.
    const fieldTerms = new Map<string, string[]>();
    this.crossIndex = options.crossDocument
      ? new ClauseSearch<IndexedClause>({ ...miniSearchOptions(), tokenize: (text: string) => fieldTerms.get(text) ?? indexTermsOf(text) })
      : null;
    let clauses = 0;
    for (const entry of this.ordered) {
      const fields = clauseFields(entry.document);
      const plainTerms = new Map<string, string[]>();
      const plain = (text: string): string[] => {
        let terms = plainTerms.get(text);
        if (!terms) {
          terms = termsOf(text);
          plainTerms.set(text, terms);
          fieldTerms.set(text, [...terms, ...phraseTermStrings(terms)]);
        }
        return terms;
      };
      for (const f of fields) {
        // Same as `new Set(indexTermsOf(`${heading}\n${context}\n${text}`))`: no word spans the
        // newlines, and phrases may (so they are looked for in the joined sequence).
        const joined = [...plain(f.heading), ...plain(f.context), ...plain(f.text)];
        for (const t of new Set([...joined, ...phraseTermStrings(joined)])) {
          this.clauseFrequency.set(t, (this.clauseFrequency.get(t) ?? 0) + 1);
        }
      }
      this.crossIndex?.addAll(fields.map((f) => ({ ...f, id: entry.ordinal * CLAUSES_PER_DOCUMENT + f.id })));
      fieldTerms.clear();
      clauses += fields.length;
    }
    this.clauseCount = clauses;
    this.corrector = new TypoCorrector(this.clauseFrequency);
  }

  static build(documents: readonly PolicyDocument[], options: Partial<ClauseIndexOptions> = {}): ClauseIndex {
    return new ClauseIndex(documents, { ...defaultClauseIndexOptions, ...options });
  }

  /**
   * An index over `documents` from parts saved earlier (index-snapshot.ts), instead of building
   * them: it answers exactly as the index they were saved from.
   */
  static fromBuiltParts(documents: readonly PolicyDocument[], options: Partial<ClauseIndexOptions>, parts: BuiltParts): ClauseIndex {
    return new ClauseIndex(documents, { ...defaultClauseIndexOptions, ...options }, parts);
  }

  /** The parts `fromBuiltParts` takes, as this index holds them (do not modify them). */
  builtParts(): BuiltParts {
    return { cross: this.crossIndex, clauseFrequency: this.clauseFrequency, clauseCount: this.clauseCount, corrector: this.corrector };
  }

  get documentCount(): number {
    return this.ordered.length;
  }

  /** The documents in corpus order (the same array on every call: do not modify it). */
  listDocuments(): readonly PolicyDocument[] {
    this.documentList ??= Object.freeze(this.ordered.map((e) => e.document));
    return this.documentList;
  }

  private documentList: readonly PolicyDocument[] | null = null;

  getDocument(id: string): PolicyDocument | undefined {
    return this.entries.get(id)?.document;
  }

  /** The document's own MiniSearch, built on first use and kept in a bounded cache. */
  private searchOf(entry: DocumentEntry): MiniSearch<IndexedClause> {
    let search = this.searches.get(entry.document.id);
    if (!search) {
      search = new MiniSearch<IndexedClause>(miniSearchOptions());
      search.addAll(clauseFields(entry.document));
      this.searches.set(entry.document.id, search);
    }
    return search;
  }

  /**
   * Prepares a document's search index ahead of its first question while the cache has room
   * (never evicting what questions put there). False when there is no room left or the document
   * is unknown. (Its sentence analysis: `prepareDocument` in src/answer/analysis-store.ts.)
   */
  warm(documentId: string): boolean {
    const entry = this.entries.get(documentId);
    if (!entry) return false;
    // With a cross-document index, per-document questions are scored from it (no own index).
    if (this.crossIndex === null) {
      if (!this.searches.has(documentId) && this.searches.size >= this.searches.max) return false;
      this.searchOf(entry);
    }
    return true;
  }

  /** True when the term occurs anywhere in the corpus. */
  hasTerm(term: string): boolean {
    return this.clauseFrequency.has(term);
  }

  /**
   * The clauses that best match the weighted terms, best first, in one document or across all.
   * BM25 over the three fields; each term's contribution is multiplied by its weight.
   */
  retrieve(terms: WeightedTerm[], scope: { documentId?: string; limit: number }): RetrievedClause[] {
    if (terms.length === 0) return [];
    const weights = new Map<string, number>();
    for (const t of terms) weights.set(t.term, Math.max(weights.get(t.term) ?? 0, t.weight));
    const queryText = [...weights.keys()].join(' ');
    const searchOptions = {
      boost: { heading: this.options.headingBoost, context: this.options.contextBoost, text: 1 },
      combineWith: 'OR' as const,
      prefix: false,
      fuzzy: false,
      tokenize: (s: string) => s.split(' '),
      processTerm: (t: string) => t,
      boostTerm: (term: string) => weights.get(term) ?? 1,
    };
    let results: Array<Pick<SearchResult, 'id' | 'score' | 'queryTerms'>>;
    let resolve: (id: number) => { entry: DocumentEntry; clauseOrdinal: number } | undefined;
    if (this.crossIndex) this.crossTop ??= new TopClauses(this.crossIndex);
    // What MiniSearch reads from `queryText` with this tokenize/processTerm, and its boosts.
    const topQuery = () => ({
      terms: queryText.split(' ').filter((t) => !!t),
      boostTerm: searchOptions.boostTerm,
      fields: MINISEARCH_FIELDS,
      fieldBoost: (this.fieldBoost ??= Object.fromEntries(MINISEARCH_FIELDS.map((f) => [f, searchOptions.boost[f] || 1]))),
      limit: scope.limit,
    });
    if (scope.documentId !== undefined) {
      const entry = this.entries.get(scope.documentId);
      if (!entry) return [];
      const count = entry.document.clauses.length;
      results =
        (count > 0 && this.crossTop?.searchDocument(topQuery(), entry.firstShortId, count, entry.ordinal * CLAUSES_PER_DOCUMENT)) ||
        this.searchOf(entry).search(queryText, searchOptions);
      resolve = (id) => ({ entry, clauseOrdinal: id });
    } else if (this.crossIndex) {
      results = this.crossTop?.search(topQuery()) ?? this.crossIndex.search(queryText, searchOptions);
      resolve = (id) => {
        const entry = this.ordered[Math.floor(id / CLAUSES_PER_DOCUMENT)];
        return entry ? { entry, clauseOrdinal: id % CLAUSES_PER_DOCUMENT } : undefined;
      };
    } else {
      results = this.ordered
        .flatMap((entry) => this.searchOf(entry).search(queryText, searchOptions).map((r) => ({ ...r, id: entry.ordinal * CLAUSES_PER_DOCUMENT + r.id })))
        .sort((a, b) => b.score - a.score);
      resolve = (id) => {
        const entry = this.ordered[Math.floor(id / CLAUSES_PER_DOCUMENT)];
        return entry ? { entry, clauseOrdinal: id % CLAUSES_PER_DOCUMENT } : undefined;
      };
    }
    const out: RetrievedClause[] = [];
    for (const r of results) {
      if (out.length >= scope.limit) break;
      const where = resolve(r.id as number);
      const clause = where?.entry.document.clauses[where.clauseOrdinal];
      if (!where || !clause) continue;
      out.push({
        documentId: where.entry.document.id,
        clause,
        clauseOrdinal: where.clauseOrdinal,
        score: r.score,
        matched: r.queryTerms,
      });
    }
    return out;
  }
}
