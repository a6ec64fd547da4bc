/**
 * A ClauseIndex as plain JSON and back: the parsed documents, the cross-document MiniSearch and
 * the corpus term frequencies. The per-document indexes are not in it (they are rebuilt on use).
 * snapshot-store.ts writes this to disk and reads it back; this module only converts.
 */
import type { AsPlainObject } from 'minisearch';
import type { PolicyDocument } from '../corpus/types.ts';
import { ClauseIndex, defaultClauseIndexOptions, miniSearchOptions, type ClauseIndexOptions, type IndexedClause } from './clause-index.ts';
import { ClauseSearch } from './clause-search.ts';
import { TypoCorrector } from './typos.ts';

/** Bump when the shape of `ClauseIndexSnapshot` or of what is indexed changes. */
export const SNAPSHOT_FORMAT = 1;

/** Everything a snapshot holds. Plain JSON. */
export interface ClauseIndexSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  crossDocument: boolean;
  documents: PolicyDocument[];
  /** `MiniSearch#toJSON()` of the cross-document index, or null without one. */
  cross: AsPlainObject | null;
  clauseFrequency: Array<[string, number]>;
  clauseCount: number;
}

/** The index as plain JSON, to be restored with `indexFromSnapshotAsync`. */
export function snapshotOf(index: ClauseIndex): ClauseIndexSnapshot {
  const { cross, clauseFrequency, clauseCount } = index.builtParts();
  return {
    format: SNAPSHOT_FORMAT,
    crossDocument: cross !== null,
    documents: [...index.listDocuments()],
    cross: cross ? cross.toJSON() : null,
    clauseFrequency: [...clauseFrequency],
    clauseCount,
  };
}

/**
 * Restores an index saved by `snapshotOf`; it answers exactly as the index that was saved.
 * Throws on a snapshot of another format or one that does not fit the options. Never holds the
 * event loop for long: the cross-document index and the typo corrector are built in slices (a
 * server starting from a large snapshot keeps answering /healthz).
 */
export async function indexFromSnapshotAsync(snapshot: ClauseIndexSnapshot, options: Partial<ClauseIndexOptions> = {}): Promise<ClauseIndex> {
  const full = checkSnapshot(snapshot, options);
  const cross = snapshot.cross ? await ClauseSearch.restoreAsync<IndexedClause>(snapshot.cross, miniSearchOptions()) : null;
  // The typo corrector's deletion index takes seconds on a large vocabulary: built in slices too.
  const clauseFrequency = new Map(snapshot.clauseFrequency);
  return restore(snapshot, full, cross, clauseFrequency, await TypoCorrector.inSlices(clauseFrequency));
}

function checkSnapshot(snapshot: ClauseIndexSnapshot, options: Partial<ClauseIndexOptions>): ClauseIndexOptions {
  const full = { ...defaultClauseIndexOptions, ...options };
  if (snapshot.format !== SNAPSHOT_FORMAT) throw new Error(`snapshot format ${String(snapshot.format)}, expected ${SNAPSHOT_FORMAT}`);
  if (snapshot.crossDocument !== full.crossDocument) throw new Error('snapshot was built with another crossDocument setting');
  if (!Array.isArray(snapshot.documents) || !Array.isArray(snapshot.clauseFrequency)) throw new Error('snapshot is incomplete');
  return full;
}

function restore(
  snapshot: ClauseIndexSnapshot,
  full: ClauseIndexOptions,
  cross: ClauseSearch<IndexedClause> | null,
  clauseFrequency: Map<string, number>,
  corrector: TypoCorrector,
): ClauseIndex {
  if (full.crossDocument && !cross) throw new Error('snapshot has no cross-document index');
  const index = ClauseIndex.fromBuiltParts(snapshot.documents, full, { cross, clauseFrequency, clauseCount: snapshot.clauseCount, corrector });
  if (index.documentCount !== snapshot.documents.length) throw new Error('snapshot has repeated document ids');
  return index;
}
