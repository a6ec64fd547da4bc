/**
 * One question → one answer, shared by the WebSocket and HTTP APIs: checks the index is ready
 * and the document exists, calls the answer module, logs the outcome (never the question text).
 */
import { performance } from 'node:perf_hooks';
import type { FastifyBaseLogger } from 'fastify';
import { answerQuestion } from '../answer/answer-question.ts';
import type { ConversationContext } from '../answer/conversation.ts';
import type { Answer } from '../answer/types.ts';
import { CodedError } from '../errors.ts';
import { questionLength } from '../protocol/question.ts';
import type { IndexHolder } from './index-holder.ts';

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

export interface AskResult {
  answer: Answer;
  context: ConversationContext;
}

/** Throws `CodedError` (`not_ready`, `unknown_document`, `internal_error`). */
export function ask(holder: IndexHolder, input: AskInput, log: FastifyBaseLogger): AskResult {
  const started = performance.now();
  const base = {
    transport: input.transport,
    askId: input.askId,
    questionLength: questionLength(input.question),
    documentId: input.documentId,
    followUp: input.context != null,
  };
  const index = holder.get();
  if (!index) {
    log.info({ ...base, outcome: 'not_ready' }, 'ask refused: index not ready');
    throw new CodedError('not_ready');
  }
  if (input.documentId !== undefined && !index.getDocument(input.documentId)) {
    log.info({ ...base, outcome: 'unknown_document' }, 'ask refused: unknown document');
    throw new CodedError('unknown_document', `"${input.documentId.slice(0, 64)}"`);
  }
  let result: AskResult;
  try {
    result = answerQuestion(index, input.question, { documentId: input.documentId, context: input.context ?? null });
  } catch (err) {
    log.error({ ...base, err, outcome: 'internal_error', latencyMs: elapsed(started) }, 'answerQuestion failed');
    throw new CodedError('internal_error', undefined, { cause: err });
  }
  const { answer } = result;
  log.info(
    {
      ...base,
      outcome: 'answered',
      answerable: answer.answerable,
      verdict: answer.verdict,
      confidence: answer.confidence,
      citations: answer.citations.length,
      topClauseId: answer.citations[0]?.clauseId ?? null,
      latencyMs: elapsed(started),
    },
    'ask answered',
  );
  return result;
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}
