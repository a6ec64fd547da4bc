/**
 * The sentence analyses (document-analysis.ts) of an index's documents, kept next to the index:
 * one bounded LRU cache per ClauseIndex, the least recently asked document dropped first. The
 * analysis is what answers read (and the search hits' excerpts); the index itself holds only
 * retrieval. A document's analysis is built on its first question (about a millisecond for a
 * typical policy) because at ten thousand documents most are never asked about, and the
 * analyses are the bulk of the memory (~200 KB each).
 */
import { LRUCache } from 'lru-cache';
import type { ClauseIndex } from '../search/clause-index.ts';
import { analyzeDocument, type DocumentAnalysis } from './document-analysis.ts';

/** How many documents keep their analysis when the owner of the index sets no size (the server sets ANALYSIS_CACHE_SIZE). */
export const DEFAULT_ANALYSIS_CACHE_SIZE = 10_000;

const stores = new WeakMap<ClauseIndex, LRUCache<string, DocumentAnalysis>>();

function storeOf(index: ClauseIndex): LRUCache<string, DocumentAnalysis> {
  let store = stores.get(index);
  if (!store) stores.set(index, (store = new LRUCache({ max: DEFAULT_ANALYSIS_CACHE_SIZE })));
  return store;
}

/** Sets how many of the index's documents keep their analysis in memory (before its first question). */
export function setAnalysisCacheSize(index: ClauseIndex, size: number): void {
  // lru-cache keeps at least one entry.
  stores.set(index, new LRUCache({ max: Math.max(1, size) }));
}

/** Sentence-level analysis of a document of the index, computed on first use and kept; undefined for an unknown document. */
export function documentAnalysis(index: ClauseIndex, documentId: string): DocumentAnalysis | undefined {
  const store = storeOf(index);
  const cached = store.get(documentId);
  if (cached) return cached;
  const document = index.getDocument(documentId);
  if (!document) return undefined;
  const analysis = analyzeDocument(document);
  store.set(documentId, analysis);
  return analysis;
}

/**
 * Prepares a document ahead of its first question (its search index and its analysis) while
 * both caches have room, never evicting what questions put there. False when there is no room
 * left or the document is unknown.
 */
export function prepareDocument(index: ClauseIndex, documentId: string): boolean {
  const store = storeOf(index);
  if (!index.getDocument(documentId)) return false;
  if (!store.has(documentId) && store.size >= store.max) return false;
  if (!index.warm(documentId)) return false;
  documentAnalysis(index, documentId);
  return true;
}
