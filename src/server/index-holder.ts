/**
 * Holds the current clause index, or null while it is being built. The app reads it per
 * request, so `main.ts` can start listening first and `set()` the index once the corpus is
 * loaded (and later swap in a rebuilt one). Plain object, passed in: no Fastify decorator.
 */
import type { ClauseIndex } from '../search/clause-index.ts';

export class IndexHolder {
  #index: ClauseIndex | null;
  #buildMs: number | null = null;

  constructor(index: ClauseIndex | null = null) {
    this.#index = index;
  }

  get(): ClauseIndex | null {
    return this.#index;
  }

  /** How long building (or loading) the current index took, if the caller said so (metrics). */
  get buildMs(): number | null {
    return this.#buildMs;
  }

  set(index: ClauseIndex | null, info: { buildMs?: number } = {}): void {
    this.#index = index;
    this.#buildMs = info.buildMs ?? null;
  }
}
