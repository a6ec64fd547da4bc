/**
 * Holds the current clause index, or null while it is being built. The app reads it per
 * request, so `main.ts` can start listening first and `set()` the index once the corpus is
 * loaded (and later swap in a rebuilt one). Plain object, passed in: no Fastify decorator.
 *
 * Serving and ready are apart for one step: `main.ts` sets the index unready, asks its warm-up
 * conversation over /v1/chat (which needs an index to answer), then marks it ready, so /readyz
 * does not send the first visitors before the transport path is warm (server/warm-up.ts).
 */
import type { ClauseIndex } from '../search/clause-index.ts';

export class IndexHolder {
  #index: ClauseIndex | null;
  #buildMs: number | null = null;
  #ready = true;

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

  /** True when an index is set and marked ready (what /readyz reports). */
  get ready(): boolean {
    return this.#index !== null && this.#ready;
  }

  /** Serve `index`; `ready: false` serves it without reporting ready until `markReady()`. */
  set(index: ClauseIndex | null, info: { buildMs?: number; ready?: boolean } = {}): void {
    this.#index = index;
    this.#buildMs = info.buildMs ?? null;
    this.#ready = info.ready ?? true;
  }

  markReady(): void {
    this.#ready = true;
  }
}
