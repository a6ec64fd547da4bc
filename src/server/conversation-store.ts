/**
 * Where HTTP conversations live between requests. The WebSocket keeps its context per socket;
 * HTTP clients get a `conversationId` to send back. This in-memory store is a stop-gap (a
 * signed token will replace it), so the routes only see the tiny `ConversationStore` interface.
 */
import { randomUUID } from 'node:crypto';
import type { ConversationContext } from '../answer/conversation.ts';

export interface ConversationStore {
  /** The context of a live conversation, or undefined if unknown or expired. */
  get(id: string): ConversationContext | undefined;
  /** Store `context` under `id` (a new random id when omitted); returns the id. */
  set(id: string | undefined, context: ConversationContext): string;
}

export interface MemoryStoreOptions {
  /** Most conversations kept; the least recently used is evicted beyond it. Default 10,000. */
  maxEntries?: number;
  /** A conversation not used for this long is forgotten. Default 30 minutes. */
  idleMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

interface Entry {
  context: ConversationContext;
  touched: number;
}

/**
 * Bounded LRU map with idle expiry. A Map keeps insertion order; every get/set re-inserts the
 * entry, so the first entries are the least recently used, and therefore also the idlest.
 */
export class MemoryConversationStore implements ConversationStore {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #idleMs: number;
  readonly #now: () => number;

  constructor(options: MemoryStoreOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#idleMs = options.idleMs ?? 30 * 60_000;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(id: string): ConversationContext | undefined {
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    const now = this.#now();
    this.#entries.delete(id);
    if (now - entry.touched > this.#idleMs) return undefined;
    entry.touched = now;
    this.#entries.set(id, entry);
    return entry.context;
  }

  set(id: string | undefined, context: ConversationContext): string {
    const now = this.#now();
    const key = id ?? randomUUID();
    this.#entries.delete(key);
    this.#entries.set(key, { context, touched: now });
    this.#sweep(now);
    return key;
  }

  #sweep(now: number): void {
    for (const [key, entry] of this.#entries) {
      if (this.#entries.size <= this.#maxEntries && now - entry.touched <= this.#idleMs) break;
      this.#entries.delete(key);
    }
  }
}
