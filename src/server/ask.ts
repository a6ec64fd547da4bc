/**
 * One question → one answer, shared by the WebSocket and HTTP APIs: checks the index is ready
 * and the document exists, calls the answer module, logs the outcome (the question's length and
 * keyed hash, never its text unless LOG_QUESTIONS is on) and times it for the metrics.
 */
import { performance } from 'node:perf_hooks';
import type { FastifyBaseLogger } from 'fastify';
import { answerQuestion } from '../answer/answer-question.ts';
import type { ConversationContext } from '../answer/conversation.ts';
import type { Answer } from '../answer/types.ts';
import { CodedError } from '../errors.ts';
import type { AnswerCache, RememberedAnswer } from './answer-cache.ts';
import type { IndexHolder } from './index-holder.ts';
import { DEFAULT_QUESTION_LOG, type QuestionFields, type QuestionLog } from './logger.ts';
import type { Metrics } from './metrics.ts';

export interface AskInput {
  /** Already normalised and length-checked (see protocol/question.ts). */
  question: string;
  documentId?: string | undefined;
  context?: ConversationContext | null | undefined;
  /** Where the ask came from, for the log line: 'ws' or 'http'. */
  transport: 'ws' | 'http';
  /** The WebSocket ask id, for the log line. */
  askId?: string;
}

/** What an ask reports to: the log fields for its question, and the metrics. */
export interface AskObserver {
  questionLog: QuestionLog;
  metrics: Metrics | null;
  /** Remembers answers to repeated questions (answer-cache.ts); every answer computed when omitted. */
  answers?: AnswerCache;
}

const DEFAULT_OBSERVER: AskObserver = { questionLog: DEFAULT_QUESTION_LOG, metrics: null };

export interface AskResult {
  answer: Answer;
  context: ConversationContext;
  /** The answer cache's entry for this answer (its JSON is kept there), or null. */
  remembered: RememberedAnswer | null;
}

/** Throws `CodedError` (`not_ready`, `unknown_document`, `internal_error`). */
export function ask(
  holder: IndexHolder,
  input: AskInput,
  log: FastifyBaseLogger,
  observer: AskObserver = DEFAULT_OBSERVER,
): AskResult {
  const started = performance.now();
  const question = observer.questionLog.fields(input.question);
  const index = holder.get();
  if (!index) {
    log.info(askFields(input, question, 'not_ready'), 'ask refused: index not ready');
    throw new CodedError('not_ready');
  }
  if (input.documentId !== undefined && !index.getDocument(input.documentId)) {
    log.info(askFields(input, question, 'unknown_document'), 'ask refused: unknown document');
    throw new CodedError('unknown_document', `"${input.documentId.slice(0, 64)}"`);
  }
  let result: AskResult;
  let cached = false;
  try {
    const options = { documentId: input.documentId, context: input.context ?? null };
    if (observer.answers) {
      const answered = observer.answers.answer(index, input.question, options);
      cached = answered.cached;
      result = answered;
    } else {
      const computed = answerQuestion(index, input.question, options);
      result = { answer: computed.answer, context: computed.context, remembered: null };
    }
  } catch (err) {
    log.error({ ...askFields(input, question, 'internal_error'), err, latencyMs: elapsed(started) }, 'answerQuestion failed');
    throw new CodedError('internal_error', undefined, { cause: err });
  }
  const { answer } = result;
  const ms = performance.now() - started;
  observer.metrics?.answered(input.transport, ms / 1000);
  // The ask's fields, then what the answer adds: one object, filled in place (no copy per ask).
  log.info(Object.assign(askFields(input, question, 'answered'), {
    answerable: answer.answerable,
    verdict: answer.verdict,
    confidence: answer.confidence,
    citations: answer.citations.length,
    topClauseId: answer.citations[0]?.clauseId ?? null,
    cached,
    latencyMs: hundredths(ms),
  }), 'ask answered');
  return result;
}

/**
 * The fields every log line about this ask carries, with its outcome (undefined ones are left
 * out of the line: `question` unless LOG_QUESTIONS is on, `askId` over HTTP).
 */
function askFields(input: AskInput, question: QuestionFields, outcome: string) {
  return {
    transport: input.transport,
    askId: input.askId,
    questionLength: question.questionLength,
    questionHash: question.questionHash,
    question: question.question,
    documentId: input.documentId,
    followUp: input.context != null,
    outcome,
  };
}

/** Milliseconds since `started`, to 0.01 ms (as logged). */
function elapsed(started: number): number {
  return hundredths(performance.now() - started);
}

function hundredths(ms: number): number {
  return Math.round(ms * 100) / 100;
}
