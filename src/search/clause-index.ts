/**
 * ClauseIndex: the MiniSearch indexes over a corpus's clauses.
 *
 * One MiniSearch per document, so a question restricted to a document (`documentId`) costs the
 * same at one document or ten thousand, plus one index across all documents for questions that
 * name none. Each clause is indexed with three fields: its heading, its context (the headings
 * above it and the document title) and its own body text.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import type { Clause, PolicyDocument } from '../corpus/types.ts';
import { indexTermsOf } from './vocabulary.ts';
import { analyzeDocument, type DocumentAnalysis } from './document-analysis.ts';
import { TypoCorrector } from './typos.ts';
import { searchClauses, type SearchHit } from './search-clauses.ts';

export interface ClauseIndexOptions {
  /** Boost of a match in the clause's own heading, relative to its body text. */
  headingBoost: number;
  /** Boost of a match in the headings above the clause (and the document title). */
  contextBoost: number;
  /** Build the cross-document index too (questions without `documentId` over many documents). */
  crossDocument: boolean;
  /** How many documents keep their sentence analysis in memory; the least recently asked go first. */
  analysisCacheSize: number;
}

export const defaultClauseIndexOptions: ClauseIndexOptions = {
  headingBoost: 2.5,
  contextBoost: 0.8,
  crossDocument: true,
  analysisCacheSize: 2000,
};

interface IndexedClause {
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

// Cross-document ids pack (document ordinal, clause ordinal) into one safe integer.
const CLAUSES_PER_DOCUMENT = 1 << 20;

interface DocumentEntry {
  document: PolicyDocument;
  ordinal: number;
  search: MiniSearch<IndexedClause>;
}

function clauseFields(document: PolicyDocument): IndexedClause[] {
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

export type { SearchHit };

export class ClauseIndex {
  readonly options: ClauseIndexOptions;
  private readonly entries = new Map<string, DocumentEntry>();
  private readonly ordered: DocumentEntry[] = [];
  private readonly crossIndex: MiniSearch<IndexedClause> | null;
  private readonly analyses = new Map<string, DocumentAnalysis>();
  /** In how many clauses of the whole corpus each term occurs. */
  readonly clauseFrequency = new Map<string, number>();
  readonly clauseCount: number;

  private constructor(documents: PolicyDocument[], options: ClauseIndexOptions) {
    this.options = options;
    this.crossIndex = options.crossDocument ? new MiniSearch<IndexedClause>(miniSearchOptions()) : null;
    let clauses = 0;
    for (const document of documents) {
      if (this.entries.has(document.id)) continue;
      const fields = clauseFields(document);
      const search = new MiniSearch<IndexedClause>(miniSearchOptions());
      search.addAll(fields);
      const entry: DocumentEntry = { document, ordinal: this.ordered.length, search };
      this.entries.set(document.id, entry);
      this.ordered.push(entry);
      if (this.crossIndex) {
        this.crossIndex.addAll(fields.map((f) => ({ ...f, id: entry.ordinal * CLAUSES_PER_DOCUMENT + f.id })));
      }
      for (const f of fields) {
        for (const t of new Set(indexTermsOf(`${f.heading}\n${f.context}\n${f.text}`))) {
          this.clauseFrequency.set(t, (this.clauseFrequency.get(t) ?? 0) + 1);
        }
      }
      clauses += fields.length;
    }
    this.clauseCount = clauses;
  }

  static build(documents: PolicyDocument[], options: Partial<ClauseIndexOptions> = {}): ClauseIndex {
    return new ClauseIndex(documents, { ...defaultClauseIndexOptions, ...options });
  }

  get documentCount(): number {
    return this.ordered.length;
  }

  listDocuments(): PolicyDocument[] {
    return this.ordered.map((e) => e.document);
  }

  getDocument(id: string): PolicyDocument | undefined {
    return this.entries.get(id)?.document;
  }

  /** Sentence-level analysis of a document, computed on first use and kept in a bounded cache. */
  analysis(documentId: string): DocumentAnalysis | undefined {
    const cached = this.analyses.get(documentId);
    if (cached) {
      // Re-insert to mark as recently used (Map keeps insertion order).
      this.analyses.delete(documentId);
      this.analyses.set(documentId, cached);
      return cached;
    }
    const entry = this.entries.get(documentId);
    if (!entry) return undefined;
    const analysis = analyzeDocument(entry.document);
    this.analyses.set(documentId, analysis);
    if (this.analyses.size > this.options.analysisCacheSize) {
      const oldest = this.analyses.keys().next().value;
      if (oldest !== undefined) this.analyses.delete(oldest);
    }
    return analysis;
  }

  private typoCorrector: TypoCorrector | null = null;

  /** Suggests the corpus's own spelling for a mistyped question term; built on first use. */
  get corrector(): TypoCorrector {
    this.typoCorrector ??= new TypoCorrector(this.clauseFrequency);
    return this.typoCorrector;
  }

  /** Ranked clauses for a free-text query, each with its best sentence as the excerpt. */
  search(query: string, options: { documentId?: string; limit?: number } = {}): SearchHit[] {
    return searchClauses(this, query, options);
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
    let results: SearchResult[];
    let resolve: (id: number) => { entry: DocumentEntry; clauseOrdinal: number } | undefined;
    if (scope.documentId !== undefined) {
      const entry = this.entries.get(scope.documentId);
      if (!entry) return [];
      results = entry.search.search(queryText, searchOptions);
      resolve = (id) => ({ entry, clauseOrdinal: id });
    } else if (this.crossIndex) {
      results = this.crossIndex.search(queryText, searchOptions);
      resolve = (id) => {
        const entry = this.ordered[Math.floor(id / CLAUSES_PER_DOCUMENT)];
        return entry ? { entry, clauseOrdinal: id % CLAUSES_PER_DOCUMENT } : undefined;
      };
    } else {
      results = this.ordered
        .flatMap((entry) => entry.search.search(queryText, searchOptions).map((r) => ({ ...r, id: entry.ordinal * CLAUSES_PER_DOCUMENT + r.id })))
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
