/**
 * Exact top-k for MiniSearch OR queries, read straight from the cross-document index: for the
 * whole corpus, and for one document as if it had its own MiniSearch.
 *
 * Whole corpus: `MiniSearch#search` scores every matching clause into a result object, then sorts
 * them all. Over ten thousand policies a question term such as `data` matches most of 170,000
 * clauses, and that costs hundreds of milliseconds per question, though only the best 30 are
 * read. Here the same BM25 sums are computed in the same floating-point order into flat typed
 * arrays, and only the best `limit` are kept.
 *
 * One document: a MiniSearch built over that document's clauses alone holds exactly the
 * cross-document postings of those clauses (same tokens, same term frequencies, same field
 * lengths), with the document's own statistics (clause count, document frequency, average field
 * length). `searchDocument` computes those statistics from the cross-document index the way
 * MiniSearch computes them while indexing, so no per-document index has to be built or kept
 * in memory (about 1 ms and ~180 KB per document).
 *
 * Ties keep MiniSearch's order (its sort is stable over its result map, whose order is the order
 * in which clauses first match), so the results — ids, scores, order and matched terms — are
 * identical to `search(...).slice(0, limit)` (tests/search/top-clauses.test.ts checks that).
 * Where the index is not in the shape expected (documents were removed, a future MiniSearch
 * stores it differently) the methods return null and the caller searches the ordinary way.
 *
 * Only the options ClauseIndex.retrieve uses are supported: OR, no prefix, no fuzzy, no document
 * boost, per-field boosts, per-term boosts, default BM25 parameters.
 */

import type { IndexStatistics, IndexView, TermPostingsByField } from './clause-search.ts';

/** The index's statistics and postings, as this module reads them. */
interface Internals extends IndexStatistics {
  termData(term: string): TermPostingsByField | undefined;
}

interface Postings {
  /** MiniSearch short ids of the clauses, in MiniSearch's iteration order. */
  ids: Int32Array;
  /** BM25 score of the term in this field of each clause, before term and field boosts. */
  raw: Float64Array;
}

/** Per-field postings of one term (indexed by field id). */
type TermPostings = Array<Postings | undefined>;

/** Scratch arrays and per-field clause lengths, sized for the index. */
interface State {
  internals: Internals;
  fieldLengths: Float64Array[];
  total: Float64Array;
  termScore: Float64Array;
  seenInTerm: Int32Array;
  matched: Uint16Array;
  touched: Int32Array;
  termTouched: Int32Array;
  /**
   * The query terms each clause matched, as linked lists over `linkTerm`/`linkNext` (1-based
   * links, 0 ends a list; `firstLink` per clause, reset after each query): a clause's
   * `queryTerms` are read from it instead of looking the clause up in every term's postings.
   */
  firstLink: Int32Array;
  linkTerm: Int32Array;
  linkNext: Int32Array;
}

/**
 * A document's postings of a term are read from the term's whole-corpus postings when these hold
 * fewer than this many entries per clause of the document, else by looking each clause up.
 */
const POSTINGS_SCAN_FACTOR = 4;

/** MiniSearch's default BM25 parameters (`defaultBM25params`). */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/** MiniSearch's `calcBM25Score`, term by term the same expression. */
function bm25(termFreq: number, invDocFreq: number, fieldLength: number, avgFieldLength: number): number {
  const { k, b, d } = BM25;
  return invDocFreq * (d + (termFreq * (k + 1)) / (termFreq + k * (1 - b + (b * fieldLength) / avgFieldLength)));
}

function inverseDocumentFrequency(totalCount: number, matchingCount: number): number {
  return Math.log(1 + (totalCount - matchingCount + 0.5) / (matchingCount + 0.5));
}

export interface TopClause {
  /** The document id MiniSearch was given (whole corpus), or the clause's position in its document. */
  id: number;
  score: number;
  /** The query terms the clause matched, in query order (MiniSearch's `queryTerms`). */
  queryTerms: string[];
}

export interface TopClausesQuery {
  /** Query terms, in the order MiniSearch would read them from the query text. */
  terms: string[];
  boostTerm: (term: string) => number;
  /** Field boosts (MiniSearch's `boost` option, with its `|| 1` already applied). */
  fieldBoost: Record<string, number>;
  /** The index's fields, in its field order. */
  fields: readonly string[];
  limit: number;
}

function internalsOf(search: IndexView): Internals | null {
  const s = search.statistics();
  const ok = s.dirtCount === 0 && s.documentIds.size === s.documentCount && s.nextId === s.documentCount;
  return ok ? { ...s, termData: (term) => search.termData(term) } : null;
}

export class TopClauses {
  readonly #search: IndexView;
  #state: State | null | undefined;
  /** Marks which clauses a query term has already scored (a fresh stamp per term, no resetting). */
  #stamp = 0;
  readonly #postings = new Map<string, TermPostings>();

  #cachedPostings = 0;
  /** Most whole-corpus postings kept as flat arrays (12 bytes each): 8 million ≈ 96 MB. */
  maxCachedPostings = 8_000_000;

  /** `search`: an index (of any document type) that is not changed any more. */
  constructor(search: IndexView) {
    this.#search = search;
  }

  #prepare(): State | null {
    if (this.#state !== undefined) return this.#state;
    const internals = internalsOf(this.#search);
    if (!internals) return (this.#state = null);
    const n = internals.nextId;
    const fieldCount = Object.keys(internals.fieldIds).length;
    const fieldLengths = Array.from({ length: fieldCount }, () => new Float64Array(n));
    for (const [shortId, lengths] of internals.fieldLength) {
      for (let f = 0; f < fieldCount; f++) fieldLengths[f]![shortId] = lengths[f] ?? Number.NaN;
    }
    this.#state = {
      internals,
      fieldLengths,
      total: new Float64Array(n),
      termScore: new Float64Array(n),
      seenInTerm: new Int32Array(n),
      matched: new Uint16Array(n),
      touched: new Int32Array(n),
      termTouched: new Int32Array(n),
      firstLink: new Int32Array(n),
      linkTerm: new Int32Array(1024),
      linkNext: new Int32Array(1024),
    };
    return this.#state;
  }

  /** State for a query, or null when it cannot be answered exactly here. */
  #ready(query: TopClausesQuery): State | null {
    const state = this.#prepare();
    if (!state || new Set(query.terms).size !== query.terms.length || query.terms.some((t) => !t)) return null;
    // The statistics only change if someone adds to or removes from the index after building.
    const now = this.#search.statistics();
    if (now.dirtCount !== 0 || now.nextId !== state.total.length) return null;
    return state;
  }

  /**
   * A term's whole-corpus postings per field, with BM25 scores computed as MiniSearch computes
   * them (they depend only on the index, which no longer changes). Kept for terms that were
   * asked about, up to `maxCachedPostings`.
   */
  #corpusPostings(state: State, term: string, data: Map<number, Map<number, number>>): TermPostings {
    const cached = this.#postings.get(term);
    if (cached) return cached;
    const { internals, fieldLengths } = state;
    const out: TermPostings = [];
    let size = 0;
    for (const [fieldId, freqs] of data) {
      const matchingCount = freqs.size;
      const avgFieldLength = internals.avgFieldLength[fieldId]!;
      const lengths = fieldLengths[fieldId]!;
      const invDocFreq = inverseDocumentFrequency(internals.documentCount, matchingCount);
      const ids = new Int32Array(matchingCount);
      const raw = new Float64Array(matchingCount);
      let i = 0;
      freqs.forEach((termFreq, docId) => {
        ids[i] = docId;
        raw[i++] = bm25(termFreq, invDocFreq, lengths[docId]!, avgFieldLength);
      });
      out[fieldId] = { ids, raw };
      size += matchingCount;
    }
    if (this.#cachedPostings + size <= this.maxCachedPostings) {
      this.#postings.set(term, out);
      this.#cachedPostings += size;
    }
    return out;
  }

  /** The best `limit` clauses of the whole index, exactly as `search` ranks them; null to fall back. */
  search(query: TopClausesQuery): TopClause[] | null {
    const state = this.#ready(query);
    if (!state) return null;
    const ids = state.internals.documentIds;
    return this.#rank(state, query, (term, data) => this.#corpusPostings(state, term, data), (shortId) => ids.get(shortId) as number);
  }

  /**
   * The best `limit` clauses among `count` clauses with consecutive short ids from `first` (one
   * document, indexed in order), ranked exactly as a MiniSearch built over those clauses alone
   * with the same options would rank them. Ids are positions within the range. `firstId` is the
   * id MiniSearch was given for the first clause (the others follow it: firstId + 1, ...), to
   * check the range is that document's. Null to fall back.
   */
  searchDocument(query: TopClausesQuery, first: number, count: number, firstId: number): TopClause[] | null {
    const state = this.#ready(query);
    if (!state || first < 0 || count <= 0 || first + count > state.total.length) return null;
    const ids = state.internals.documentIds;
    if (ids.get(first) !== firstId || ids.get(first + count - 1) !== firstId + count - 1) return null;
    const { fieldLengths } = state;
    const fieldCount = fieldLengths.length;
    // The document's own average field lengths, accumulated as MiniSearch's addFieldLength does.
    const averages = new Array<number>(fieldCount).fill(0);
    for (let i = 0; i < count; i++) {
      for (let f = 0; f < fieldCount; f++) averages[f] = ((averages[f] || 0) * i + fieldLengths[f]![first + i]!) / (i + 1);
    }
    const hitIds: number[] = [];
    const hitFreqs: number[] = [];
    const postingsOf = (_term: string, data: Map<number, Map<number, number>>): TermPostings => {
      const out: TermPostings = [];
      for (const [fieldId, freqs] of data) {
        // A per-document MiniSearch iterates its clauses in the order they were added: by short id.
        hitIds.length = 0;
        hitFreqs.length = 0;
        if (freqs.size < POSTINGS_SCAN_FACTOR * count) {
          // A term in few clauses of the corpus: walking its postings costs less than probing
          // every clause of the document (a Map iteration step is several times cheaper than a get).
          let ordered = true;
          for (const shortId of freqs.keys()) {
            if (shortId < first || shortId >= first + count) continue;
            if (hitIds.length > 0 && shortId < hitIds[hitIds.length - 1]!) ordered = false;
            hitIds.push(shortId);
          }
          if (!ordered) hitIds.sort((a, b) => a - b);
          for (const shortId of hitIds) hitFreqs.push(freqs.get(shortId)!);
        } else {
          for (let i = 0; i < count; i++) {
            const tf = freqs.get(first + i);
            if (tf !== undefined) {
              hitIds.push(first + i);
              hitFreqs.push(tf);
            }
          }
        }
        if (hitIds.length === 0) continue;
        const invDocFreq = inverseDocumentFrequency(count, hitIds.length);
        const lengths = fieldLengths[fieldId]!;
        const raw = new Float64Array(hitIds.length);
        for (let j = 0; j < hitIds.length; j++) raw[j] = bm25(hitFreqs[j]!, invDocFreq, lengths[hitIds[j]!]!, averages[fieldId]!);
        out[fieldId] = { ids: Int32Array.from(hitIds), raw };
      }
      return out;
    };
    return this.#rank(state, query, postingsOf, (shortId) => shortId - first);
  }

  /** MiniSearch's OR combination and stable sort by score, keeping only the best `limit`. */
  #rank(
    state: State,
    query: TopClausesQuery,
    postingsOf: (term: string, data: Map<number, Map<number, number>>) => TermPostings,
    idOf: (shortId: number) => number,
  ): TopClause[] | null {
    const { internals, total, termScore, seenInTerm, matched, touched, termTouched, firstLink } = state;
    let touchedCount = 0;
    let links = 0;
    if (this.#stamp > 2_000_000_000) {
      seenInTerm.fill(0);
      this.#stamp = 0;
    }
    try {
      const datas = query.terms.map((term) => internals.termData(term));
      for (let ti = 0; ti < query.terms.length; ti++) {
        const term = query.terms[ti]!;
        const data = datas[ti];
        if (!data) continue;
        const termBoost = query.boostTerm(term);
        const stamp = ++this.#stamp;
        const postings = postingsOf(term, data);
        let termCount = 0;
        for (const field of query.fields) {
          const list = postings[internals.fieldIds[field]!];
          if (!list) continue;
          // MiniSearch: termWeight (1) * termBoost * fieldBoost * docBoost (1) * rawScore.
          const weight = 1 * termBoost * query.fieldBoost[field]! * 1;
          const { ids, raw } = list;
          for (let i = 0; i < ids.length; i++) {
            const docId = ids[i]!;
            const weighted = weight * raw[i]!;
            if (seenInTerm[docId] !== stamp) {
              seenInTerm[docId] = stamp;
              termScore[docId] = weighted;
              termTouched[termCount++] = docId;
            } else {
              termScore[docId] = termScore[docId]! + weighted;
            }
          }
        }
        // OR-combine into the running totals, in the order clauses first matched this term.
        if (links + termCount >= state.linkTerm.length) {
          const size = 2 * (links + termCount + 1);
          const term = new Int32Array(size);
          const next = new Int32Array(size);
          term.set(state.linkTerm);
          next.set(state.linkNext);
          state.linkTerm = term;
          state.linkNext = next;
        }
        const { linkTerm, linkNext } = state;
        for (let i = 0; i < termCount; i++) {
          const docId = termTouched[i]!;
          linkTerm[++links] = ti;
          linkNext[links] = firstLink[docId]!;
          firstLink[docId] = links;
          if (matched[docId] === 0) {
            total[docId] = termScore[docId]!;
            matched[docId] = 1;
            touched[touchedCount++] = docId;
          } else {
            total[docId] = total[docId]! + termScore[docId]!;
            matched[docId]!++;
          }
        }
      }

      // Best `limit` by score (descending), ties in first-match order: MiniSearch's stable sort.
      const limit = Math.max(0, query.limit);
      const bestIds: number[] = [];
      const bestScores: number[] = [];
      for (let i = 0; i < touchedCount; i++) {
        const docId = touched[i]!;
        // MiniSearch multiplies by the number of query terms matched.
        const score = total[docId]! * matched[docId]!;
        if (Number.isNaN(score)) return null;
        if (bestIds.length === limit && !(score > bestScores[limit - 1]!)) continue;
        let at = bestIds.length;
        while (at > 0 && bestScores[at - 1]! < score) at--;
        bestIds.splice(at, 0, docId);
        bestScores.splice(at, 0, score);
        if (bestIds.length > limit) {
          bestIds.pop();
          bestScores.pop();
        }
      }

      return bestIds.map((docId, i) => {
        // The terms whose postings hold the clause (in a scored field), in query order: its list
        // holds them last term first.
        const queryTerms: string[] = [];
        for (let link = firstLink[docId]!; link !== 0; link = state.linkNext[link]!) queryTerms.push(query.terms[state.linkTerm[link]!]!);
        return { id: idOf(docId), score: bestScores[i]!, queryTerms: queryTerms.reverse() };
      });
    } finally {
      // Reset only what this query touched, so the next one starts clean.
      for (let i = 0; i < touchedCount; i++) {
        matched[touched[i]!] = 0;
        firstLink[touched[i]!] = 0;
      }
    }
  }
}
