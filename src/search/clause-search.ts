/**
 * ClauseSearch: a MiniSearch that also shows what its index holds (per-term postings and the
 * BM25 statistics), for the exact top-k ranking in top-clauses.ts. MiniSearch keeps these in
 * `protected` fields so that subclasses can read them; they are not part of its semver-stable
 * API, so package.json pins MiniSearch's exact version, and tests/search/top-clauses.test.ts
 * checks the ranking against MiniSearch's own `search` (a new version that stores its index
 * differently fails there, not in production).
 *
 * `restoreAsync` is `MiniSearch.loadJSAsync` for this class (MiniSearch's own always builds a plain
 * MiniSearch): the same fields filled from the same plain object.
 */
import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/** Field id → (clause short id → term frequency) of one term. */
export type TermPostingsByField = Map<number, Map<number, number>>;

/** What the index knows about its clauses as a whole (MiniSearch's BM25 statistics). */
export interface IndexStatistics {
  fieldIds: Readonly<Record<string, number>>;
  avgFieldLength: readonly number[];
  documentCount: number;
  documentIds: ReadonlyMap<number, unknown>;
  fieldLength: ReadonlyMap<number, readonly number[]>;
  nextId: number;
  dirtCount: number;
}

/** What top-clauses.ts reads of an index. */
export interface IndexView {
  termData(term: string): TermPostingsByField | undefined;
  statistics(): IndexStatistics;
}

/** Entries filled between two pauses of a restore. */
const ENTRIES_PER_SLICE = 5000;

/**
 * Fills `map` from `object` with numeric keys, pausing (a `yield`) every few thousand keys: the
 * per-clause maps of a large corpus hold hundreds of thousands of entries (seconds of work).
 * `progress` counts the entries one restore has filled, across its calls (many small maps add up
 * too).
 */
function* fillNumericMap<V>(map: Map<number, V>, object: Record<string, V>, progress: { filled: number }): Generator<void> {
  for (const key in object) {
    map.set(Number.parseInt(key, 10), object[key]!);
    if (++progress.filled % ENTRIES_PER_SLICE === 0) yield;
  }
}

export class ClauseSearch<T> extends MiniSearch<T> implements IndexView {
  /** The postings of `term` by field, as the index holds them (do not modify). */
  termData(term: string): TermPostingsByField | undefined {
    return this._index.get(term);
  }

  statistics(): IndexStatistics {
    return {
      fieldIds: this._fieldIds,
      avgFieldLength: this._avgFieldLength,
      documentCount: this._documentCount,
      documentIds: this._documentIds,
      fieldLength: this._fieldLength,
      nextId: this._nextId,
      dirtCount: this._dirtCount,
    };
  }

  /**
   * An index saved with `toJSON()`, restored (MiniSearch.loadJSAsync, for this class), in slices
   * of postings, yielding to the event loop between them.
   */
  static async restoreAsync<T>(js: AsPlainObject, options: Options<T>): Promise<ClauseSearch<T>> {
    if (js.serializationVersion !== 2) throw new Error('MiniSearch: cannot deserialize an index created with an incompatible version');
    const search = new ClauseSearch<T>(options);
    for (const _ of search.#loadSteps(js)) await yieldToEventLoop();
    return search;
  }

  /** Fills the fields from `js`, pausing (a `yield`) every few thousand terms. */
  *#loadSteps(js: AsPlainObject): Generator<void> {
    this._documentCount = js.documentCount;
    this._nextId = js.nextId;
    this._fieldIds = js.fieldIds;
    this._avgFieldLength = js.averageFieldLength;
    this._dirtCount = js.dirtCount ?? 0;
    this._documentIds = new Map();
    this._fieldLength = new Map();
    this._storedFields = new Map();
    const progress = { filled: 0 };
    yield* fillNumericMap(this._documentIds, js.documentIds, progress);
    yield* fillNumericMap(this._fieldLength, js.fieldLength, progress);
    yield* fillNumericMap(this._storedFields, js.storedFields, progress);
    // A new MiniSearch starts with an empty index and id map: filled here.
    for (const [shortId, id] of this._documentIds) {
      this._idToShortId.set(id, shortId);
      if (++progress.filled % ENTRIES_PER_SLICE === 0) yield;
    }
    // Pauses by postings filled, not by terms: a common term has a posting in most clauses.
    for (const [term, data] of js.index) {
      const byField: TermPostingsByField = new Map();
      for (const fieldId of Object.keys(data)) {
        const postings = new Map<number, number>();
        yield* fillNumericMap(postings, data[fieldId]!, progress);
        byField.set(Number.parseInt(fieldId, 10), postings);
      }
      this._index.set(term, byField);
    }
  }
}
