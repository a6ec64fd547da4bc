/**
 * The `ask answered` log line, the one line every ask writes, serialised by hand.
 *
 * pino's generic path (our sanitising formatter, then a key-by-key serialiser) costs about as
 * much as the rest of answering a remembered question; this line's fields are known, so it is
 * built directly, with the level, time and bindings (pid, hostname, reqId) pino prepared for the
 * logger, and handed to the logger's stream: the same JSON as `log.info(fields, 'ask answered')`
 * (tests/server/ask-log.test.ts compares them), client strings escaped by `escapeForLog` as the
 * formatter would. Loggers that are not plain pino loggers get `log.info`.
 */
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { escapeForLog } from './logger.ts';

/** What every line about an ask says of it (ask.ts `askFields`). */
export interface AskFields {
  transport: 'ws' | 'http';
  askId: string | undefined;
  questionLength: number;
  questionHash: string;
  /** Only with LOG_QUESTIONS. */
  question: string | undefined;
  documentId: string | undefined;
  followUp: boolean;
}

/** What the `ask answered` line adds: the outcome. */
export interface AnsweredFields {
  answerable: boolean;
  verdict: string | null;
  confidence: number;
  citations: number;
  topClauseId: string | null;
  cached: boolean;
  latencyMs: number;
}

export const ASK_ANSWERED = 'ask answered';
const INFO = 30;
const symbols = pino.symbols as unknown as Record<'lsCacheSym' | 'timeSym' | 'chindingsSym' | 'endSym' | 'streamSym' | 'needsMetadataGsym', symbol>;
const { lsCacheSym, timeSym, chindingsSym, endSym, streamSym, needsMetadataGsym } = symbols;

interface PinoInternals {
  isLevelEnabled?(level: string): boolean;
  [key: symbol]: unknown;
}

const text = (s: string) => JSON.stringify(escapeForLog(s));
const optionalText = (s: string | null) => (s === null ? 'null' : text(s));
const number = (n: number) => (Number.isFinite(n) ? String(n) : 'null');

export function logAskAnswered(log: FastifyBaseLogger, f: AskFields, o: AnsweredFields): void {
  const logger = log as unknown as PinoInternals;
  const levels = logger[lsCacheSym] as Record<number, string> | undefined;
  const time = logger[timeSym] as (() => string) | undefined;
  const stream = logger[streamSym] as { write(line: string): void; [key: symbol]: unknown } | undefined;
  if (!levels?.[INFO] || typeof time !== 'function' || typeof stream?.write !== 'function' || stream[needsMetadataGsym] || !logger.isLevelEnabled) {
    log.info({ ...f, outcome: 'answered', ...o }, ASK_ANSWERED);
    return;
  }
  if (!logger.isLevelEnabled('info')) return;
  let line = `${levels[INFO]}${time.call(logger)}${logger[chindingsSym] as string},"transport":"${f.transport}"`;
  if (f.askId !== undefined) line += `,"askId":${text(f.askId)}`;
  line += `,"questionLength":${number(f.questionLength)},"questionHash":${text(f.questionHash)}`;
  if (f.question !== undefined) line += `,"question":${text(f.question)}`;
  if (f.documentId !== undefined) line += `,"documentId":${text(f.documentId)}`;
  line +=
    `,"followUp":${f.followUp},"outcome":"answered","answerable":${o.answerable},"verdict":${optionalText(o.verdict)}` +
    `,"confidence":${number(o.confidence)},"citations":${number(o.citations)},"topClauseId":${optionalText(o.topClauseId)}` +
    `,"cached":${o.cached},"latencyMs":${number(o.latencyMs)},"msg":"${ASK_ANSWERED}"${logger[endSym] as string}`;
  stream.write(line);
}
