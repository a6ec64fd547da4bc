/**
 * Answers to repeated questions, remembered: the same question (after clean-up), for the same
 * document, in the same conversation context, on the same index always gets the same answer
 * (answerQuestion is a pure function of them), so it is computed once and served from an LRU.
 * Typical hits: the first question of a conversation ("Do you sell my data?", suggested
 * questions in a widget) and single HTTP asks. Follow-ups hit only when the whole context
 * matches. Cached results are deep-frozen and handed out as they are (no copy): code that tried
 * to change one would throw rather than silently alter later answers. A new index
 * (IndexHolder.set) empties the cache.
 */
import type { ConversationContext } from '../answer/conversation.ts';
import type { Answer } from '../answer/types.ts';
import type { ClauseIndex } from '../search/clause-index.ts';

export interface CachedAnswer {
  answer: Answer;
  context: ConversationContext;
}

/** Longest key (question + document + context) worth remembering. */
const MAX_KEY_LENGTH = 8192;

export class AnswerCache {
  readonly #entries = new Map<string, CachedAnswer>();
  #index: ClauseIndex | null = null;
  hits = 0;
  misses = 0;

  constructor(readonly maxEntries: number) {}

  get size(): number {
    return this.#entries.size;
  }

  #key(question: string, documentId: string | undefined, context: ConversationContext | null | undefined): string {
    return `${documentId ?? ''}\u0000${context ? JSON.stringify(context) : ''}\u0000${question}`;
  }

  get(
    index: ClauseIndex,
    question: string,
    documentId: string | undefined,
    context: ConversationContext | null | undefined,
  ): CachedAnswer | undefined {
    if (this.maxEntries <= 0) return undefined;
    if (index !== this.#index) {
      this.#entries.clear();
      this.#index = index;
    }
    const key = this.#key(question, documentId, context);
    const entry = this.#entries.get(key);
    if (entry === undefined) {
      this.misses++;
      return undefined;
    }
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    this.hits++;
    return entry;
  }

  set(
    index: ClauseIndex,
    question: string,
    documentId: string | undefined,
    context: ConversationContext | null | undefined,
    result: CachedAnswer,
  ): void {
    if (this.maxEntries <= 0 || index !== this.#index) return;
    const key = this.#key(question, documentId, context);
    if (key.length > MAX_KEY_LENGTH) return;
    this.#entries.set(key, deepFreeze({ answer: result.answer, context: result.context }));
    if (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
