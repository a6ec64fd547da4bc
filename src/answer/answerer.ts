/**
 * Answerer: `answerQuestion` with memory, for a server answering the same questions again and
 * again (a widget's suggested questions, the handful of things every visitor asks).
 *
 * Two bounded LRU maps, emptied when the index changes:
 * - questions read: question text → its reading (tokens, translation, typos, synonyms, intents),
 *   a pure function of the text and the index's vocabulary;
 * - answers: (question, document, the part of the conversation the question leans on) → answer
 *   and context update. `contextKey` is empty for a question that does not lean on the previous
 *   turn, so "Do you sell my data?" is one entry whatever was asked before it; a follow-up
 *   ("What about Japan?") is one entry per previous topic it can follow.
 *
 * A remembered answer is exactly what `answerQuestion` would compute (tests/answer/answerer.test.ts
 * checks this over whole gold conversations). Cached answers are deep-frozen and handed out as
 * they are: code that tried to change one throws instead of silently altering later answers, and
 * callers may key their own memos on the object (the serialised message on the answer, the
 * conversation token on the context a remembered answer opens a conversation with).
 */
import type { ClauseIndex } from '../search/clause-index.ts';
import { Lru } from '../search/lru.ts';
import { answerReadQuestion, contextKey, readQuestion, type AnswerOptions, type AnswerResult } from './answer-question.ts';
import type { ConversationContext } from './conversation.ts';
import type { QuestionAnalysis } from './question.ts';
import type { Answer } from './types.ts';

export interface AnswererOptions {
  /** Answers remembered (0: every answer computed). Default `defaultAnswerCacheSize`. */
  answerCacheSize?: number;
  /** Question readings remembered (0: every question read). Default `defaultQuestionCacheSize`. */
  questionCacheSize?: number;
}

export const defaultAnswerCacheSize = 2000;
export const defaultQuestionCacheSize = 5000;

/** Longest cache key (question + document + context) worth remembering. */
const MAX_KEY_LENGTH = 8192;

export interface AnsweredQuestion extends AnswerResult {
  /** Served from the answer cache. */
  cached: boolean;
}

interface Remembered {
  answer: Answer;
  /** The context after the answer, for a conversation whose turn count and document are filled in. */
  context: ConversationContext;
  documentId: string | null;
  /**
   * The context after the answer when it opens a conversation (no context given), built once and
   * frozen: the same object every time, so callers can memoise on it (the conversation token).
   */
  opening: ConversationContext;
}

export class Answerer {
  readonly #answers: Lru<Remembered>;
  readonly #questions: Lru<QuestionAnalysis>;
  #index: ClauseIndex | null = null;
  hits = 0;
  misses = 0;

  constructor(options: AnswererOptions = {}) {
    this.#answers = new Lru(options.answerCacheSize ?? defaultAnswerCacheSize);
    this.#questions = new Lru(options.questionCacheSize ?? defaultQuestionCacheSize);
  }

  /** Answers remembered now. */
  get size(): number {
    return this.#answers.size;
  }

  answer(index: ClauseIndex, question: string, options: AnswerOptions = {}): AnsweredQuestion {
    if (index !== this.#index) {
      this.#answers.clear();
      this.#questions.clear();
      this.#index = index;
    }
    let read = this.#questions.get(question);
    if (read === undefined) {
      read = readQuestion(index, question);
      if (question.length <= MAX_KEY_LENGTH) this.#questions.set(question, read);
    }
    const context = options.context ?? null;
    const key = `${options.documentId ?? ''}\u0000${contextKey(read, context)}\u0000${question}`;
    const remembered = this.#answers.get(key);
    if (remembered !== undefined) {
      this.hits++;
      return {
        answer: remembered.answer,
        context: context === null ? remembered.opening : { ...remembered.context, turns: context.turns + 1, documentId: remembered.documentId ?? context.documentId },
        documentId: remembered.documentId,
        cached: true,
      };
    }
    this.misses++;
    const result = answerReadQuestion(index, read, options);
    if (key.length <= MAX_KEY_LENGTH && this.#answers.capacity > 0) {
      result.answer = deepFreeze(result.answer);
      const after = deepFreeze({ ...result.context });
      this.#answers.set(key, {
        answer: result.answer,
        context: after,
        documentId: result.documentId,
        opening: Object.freeze({ ...after, turns: 1, documentId: result.documentId }),
      });
    }
    return { ...result, cached: false };
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
