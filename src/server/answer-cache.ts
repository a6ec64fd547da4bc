/**
 * The answer cache: the server's one cache of answers, for the questions asked again and again
 * (a widget's suggested questions, the handful of things every visitor asks).
 *
 * Keyed by what the answer module says an answer depends on (`AnswerResult.key`): the document
 * and the question, plus the conversation context's parts for a question that reads them (a
 * follow-up). So one bounded LRU holds two kinds of entries:
 * - under the question key, either the answer (it did not read the context: "Do you sell my
 *   data?" is one entry whatever was asked before it) or a note that the question is a follow-up;
 * - under the question key and the context key, a follow-up's answer ("What about Japan?" is one
 *   entry per previous topic it can follow).
 * A remembered answer is reused through `continueAnswer`, which fills in what an answer takes from
 * a context it did not read (the turn count). Emptied when the index changes. Nothing is keyed on
 * object identity; cached answers are frozen so that no caller can alter a later reply.
 *
 * An entry also keeps its answer's public JSON (protocol/answer.ts `publicAnswerJson`, UTF-8),
 * made the first time the WebSocket sends it: serialising a 1 KB answer for every ask cost more
 * than the rest of a remembered ask (docs/benchmarks.md). HTTP responses never use it: they go
 * through Fastify's serializer and the route's response schema.
 */
import { LRUCache } from 'lru-cache';
import { answerQuestion, contextKey, continueAnswer, questionKey, type AnswerOptions, type AnswerResult } from '../answer/answer-question.ts';
import { publicAnswerJson } from '../protocol/answer.ts';
import type { ClauseIndex } from '../search/clause-index.ts';

/** Longest key (document, question and context) worth remembering. */
const MAX_KEY_LENGTH = 8192;

/** A remembered answer: what the answer module returned, and its public JSON once sent. */
export class RememberedAnswer {
  readonly result: AnswerResult;
  #json: Buffer | null = null;

  constructor(result: AnswerResult) {
    this.result = result;
  }

  /** `publicAnswerJson` of the answer, made once. */
  get json(): Buffer {
    return (this.#json ??= publicAnswerJson(this.result.answer));
  }
}

type Entry = RememberedAnswer | { followUp: true };

export interface CachedAnswer extends AnswerResult {
  /** Served from the cache. */
  cached: boolean;
  /** The cache entry holding this answer (null when it is not kept: cache off, key too long). */
  remembered: RememberedAnswer | null;
}

export class AnswerCache {
  /** Null when the cache is off (size 0): every answer computed. */
  readonly #entries: LRUCache<string, Entry> | null;
  #index: ClauseIndex | null = null;

  /** `size`: answers (and follow-up notes) kept; 0 turns the cache off. */
  constructor(size: number) {
    this.#entries = size > 0 ? new LRUCache<string, Entry>({ max: size }) : null;
  }

  /** Entries kept now. */
  get size(): number {
    return this.#entries?.size ?? 0;
  }

  answer(index: ClauseIndex, question: string, options: AnswerOptions = {}): CachedAnswer {
    const entries = this.#entries;
    if (!entries) return { ...answerQuestion(index, question, options), cached: false, remembered: null };
    if (index !== this.#index) {
      entries.clear();
      this.#index = index;
    }
    const base = questionKey(question, options.documentId);
    const known = entries.get(base);
    const remembered = known instanceof RememberedAnswer ? known : known ? entries.get(`${base}\u0000${contextKey(options.context)}`) : undefined;
    if (remembered instanceof RememberedAnswer) {
      const { answer, context, documentId, key } = continueAnswer(remembered.result, options.context);
      return { answer, context, documentId, key, cached: true, remembered };
    }

    const result = answerQuestion(index, question, options);
    const { key } = result;
    const full = key.context === null ? key.question : `${key.question}\u0000${key.context}`;
    let kept: RememberedAnswer | null = null;
    if (full.length <= MAX_KEY_LENGTH) {
      deepFreeze(result.answer);
      if (key.context !== null) entries.set(key.question, { followUp: true });
      kept = new RememberedAnswer({ ...result, context: deepFreeze({ ...result.context }) });
      entries.set(full, kept);
    }
    return { ...result, cached: false, remembered: kept };
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
