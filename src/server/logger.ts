/**
 * The service logger (pino, handed to Fastify as its `loggerInstance`), and what may be logged
 * about a question.
 *
 * Privacy rules:
 * - Question text never reaches the logs by default: an ask logs the question's length and a
 *   keyed hash (`QuestionLog`). `LOG_QUESTIONS=true` adds the text, for debugging only.
 * - Fastify logs every request's URL, and `GET /v1/search?q=...` carries the query in it, so the
 *   request serializer logs the path only.
 * - Authorization headers and API keys are redacted wherever they would appear.
 * - Strings from clients (ask ids, paths, the question when enabled) can hold control, bidi and
 *   zero-width characters that would forge or garble log lines on a terminal: every string in
 *   a log line is escaped (`escapeForLog`) before pino writes it.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config.ts';
import { isPrintableAscii } from '../protocol/question.ts';

interface RawRequestLike {
  method?: string;
  url?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

export function pathOnly(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/**
 * C0/C1 controls (newline and tab included: one log record is one line), DEL, format
 * characters (bidi overrides and isolates, zero-width characters, BOM, ...), line/paragraph
 * separators and lone surrogates.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\u2028\u2029\p{Cs}]/gu;
const UNSAFE_TEST = /[\p{Cc}\p{Cf}\u2028\u2029\p{Cs}]/u;

/** `s` with every unsafe character written as `\u{XXXX}` (visible, and not interpreted). */
export function escapeForLog(s: string): string {
  if (isPrintableAscii(s) || !UNSAFE_TEST.test(s)) return s;
  return s.replace(UNSAFE, (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}}`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Escape every string in plain objects and arrays (a few levels deep; other objects as they
 * are). Returns `value` itself when nothing needs escaping, the usual case: every log line
 * passes through here, and copying each one would double what logging costs.
 */
export function sanitizeLogValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return escapeForLog(value);
  if (depth >= 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v = sanitizeLogValue(value[i], depth + 1);
      if (v !== value[i]) (out ??= value.slice())[i] = v;
    }
    return out ?? value;
  }
  if (isPlainObject(value)) {
    for (const k in value) {
      const v = value[k];
      if (sanitizeLogValue(v, depth + 1) !== v || escapeForLog(k) !== k) {
        // Something to escape: copy the whole object, escaped.
        const out: Record<string, unknown> = {};
        for (const k2 in value) out[escapeForLog(k2)] = sanitizeLogValue(value[k2], depth + 1);
        return out;
      }
    }
    return value;
  }
  return value;
}

export const serializers = {
  req(req: RawRequestLike) {
    return {
      method: req.method,
      url: escapeForLog(pathOnly(req.url) ?? ''),
      remoteAddress: req.ip,
      remotePort: req.socket?.remotePort,
    };
  },
  err(err: Error) {
    const out = pino.stdSerializers.err(err);
    if (typeof out.message === 'string') out.message = escapeForLog(out.message);
    return out;
  },
};

/** Paths pino replaces with "[Redacted]": credentials must never be written out. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
  'headers.cookie',
  'authorization',
  'apiKey',
  'apiKeys',
  'config.access.apiKeys',
  'config.access.conversationSecret',
  'config.logging.hashKey',
];

/**
 * By default the logger writes to stdout through pino's own destination, asynchronously: lines
 * logged while a write is under way go out together in the next one (a busy server logs a line
 * per ask, and a write per line costs more than a remembered answer). pino flushes what is
 * pending when the process exits, so the lines about a crash are written too.
 */
export function createLogger(logging: Pick<Config['logging'], 'level'>, destination: DestinationStream = stdoutDestination()): Logger {
  return pino(
    {
      level: logging.level,
      serializers,
      redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
      formatters: {
        log: (object) => sanitizeLogValue(object) as Record<string, unknown>,
      },
      hooks: {
        // The message string too (e.g. messages that quote a client's input).
        logMethod(args, method) {
          for (let i = 0; i < args.length; i++) {
            const a = args[i];
            if (typeof a === 'string') args[i] = escapeForLog(a);
          }
          return method.apply(this, args as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

/** stdout through pino's own destination (sonic-boom), written asynchronously. */
export function stdoutDestination(): ReturnType<typeof pino.destination> {
  return pino.destination({ dest: 1, sync: false });
}

/**
 * Resolves once every line given to `destination` so far is written, or its write failed: call
 * it before the process exits. pino writes what is still pending at exit synchronously, and
 * sonic-boom 4's synchronous flush retries a failed write every 100 ms forever, so a stdout whose
 * reader is gone (EPIPE: a pipe closed before SIGTERM) would hang the exit past any time-out.
 * Written here, on the event loop, the failure is an 'error' event, on which pino stops writing
 * to that stdout. An empty write completes after the pending ones (at once when there are none);
 * `maxMs` bounds the wait (a destination pino has already stopped writing to never answers).
 */
export function logWritten(destination: ReturnType<typeof pino.destination>, maxMs = 1000): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      destination.off('drain', done);
      destination.off('error', done);
      resolve();
    };
    const timer = setTimeout(done, maxMs);
    destination.once('drain', done);
    destination.once('error', done);
    destination.write('');
  });
}

// --- what is logged about a question -------------------------------------------------------

export interface QuestionFields {
  questionLength: number;
  questionHash: string;
  question?: string;
}

/** Per-process random HMAC key, used when LOG_HASH_KEY is not set. */
const PROCESS_HASH_KEY = randomBytes(32);

export interface QuestionLogOptions {
  logQuestions?: boolean;
  logHashKey?: string | null;
}

/**
 * The fields an ask's log line carries about its question: `questionLength` (code points),
 * `questionHash` (HMAC-SHA256 under LOG_HASH_KEY or a per-process random key, base64url, 128
 * bits: the same question gives the same hash within a process, so repeats can be counted,
 * but the text cannot be recovered or dictionary-guessed without the key), and `question`
 * only when LOG_QUESTIONS is on.
 */
export class QuestionLog {
  readonly #hashKey: string | Buffer;
  readonly logQuestions: boolean;

  constructor(options: QuestionLogOptions = {}) {
    this.#hashKey = options.logHashKey ?? PROCESS_HASH_KEY;
    this.logQuestions = options.logQuestions ?? false;
  }

  /** HMAC-SHA256 of the question (UTF-8) under the key, base64url, its first 22 characters (132 bits). */
  hash(question: string): string {
    return createHmac('sha256', this.#hashKey).update(question, 'utf8').digest('base64url').slice(0, 22);
  }

  /** The fields for `question`. */
  fields(question: string): QuestionFields {
    let length = 0;
    for (const _ of question) length++;
    const fields: QuestionFields = {
      questionLength: length,
      questionHash: this.hash(question),
    };
    if (this.logQuestions) fields.question = question;
    return fields;
  }
}

/** The default: no text, per-process key. */
export const DEFAULT_QUESTION_LOG = new QuestionLog();
