/**
 * The WebSocket protocol `policyqa.v1` (see docs/protocol.md): zod schemas of every message,
 * the types derived from them, and the parser that turns one text frame into a request or a
 * coded error.
 */
import sjson from 'secure-json-parse';
import { z } from 'zod';
import { ERROR_CODES, errorBody, type ErrorBody } from '../errors.ts';
import { AnswerSchema } from './answer.ts';
import { checkQuestion } from './question.ts';

export const PROTOCOL = 'policyqa.v1';

export const AskId = z.string().min(1).max(64).describe('Client-chosen id, echoed in the reply');
export const DocumentId = z.string().min(1).max(256).describe('Restrict the answer to this document');

// --- client → server ---------------------------------------------------------------------

export const AskMessage = z.strictObject({
  type: z.literal('ask'),
  id: AskId,
  question: z.string(),
  documentId: DocumentId.optional(),
});

export const PingMessage = z.strictObject({ type: z.literal('ping') });

export const ClientMessage = z.discriminatedUnion('type', [AskMessage, PingMessage]);

export type AskMessage = z.infer<typeof AskMessage>;
export type PingMessage = z.infer<typeof PingMessage>;
export type ClientMessage = z.infer<typeof ClientMessage>;

export const CLIENT_TYPES = ['ask', 'ping'] as const;

// --- server → client ---------------------------------------------------------------------

export const ReadyMessage = z.object({
  type: z.literal('ready'),
  protocol: z.literal(PROTOCOL),
  documents: z.array(z.string()).describe('Ids of the loaded documents, the first 1000 (empty while the index is being built)'),
  documentCount: z.number().int().describe('How many documents are loaded (0 while the index is being built)'),
  limits: z.object({
    maxQuestionLength: z.number().int(),
    maxPayload: z.number().int(),
    maxInflight: z.number().int(),
    askBurst: z.number().int().describe('Asks a socket may send at once before rate_limited'),
    asksPerMinute: z.number().int().describe('Asks per minute a socket may send in the long run'),
  }),
});

export const AnswerMessage = z.object({
  type: z.literal('answer'),
  id: AskId,
  answer: AnswerSchema,
});

export const ErrorObject = z.object({
  code: z.enum(ERROR_CODES as [string, ...string[]]),
  message: z.string(),
  retryAfterMs: z.number().int().nonnegative().optional().describe('With rate_limited: when a retry can succeed'),
});

export const ErrorMessage = z.object({
  type: z.literal('error'),
  id: AskId.nullable().describe('The id of the ask this error answers, or null when it could not be read'),
  error: ErrorObject,
});

export const PongMessage = z.object({ type: z.literal('pong') });

export const ServerMessage = z.discriminatedUnion('type', [ReadyMessage, AnswerMessage, ErrorMessage, PongMessage]);

export type ReadyMessage = z.infer<typeof ReadyMessage>;
export type AnswerMessage = z.infer<typeof AnswerMessage>;
export type ErrorMessage = z.infer<typeof ErrorMessage>;
export type PongMessage = z.infer<typeof PongMessage>;
export type ServerMessage = z.infer<typeof ServerMessage>;

/**
 * An `answer` message for ask `id` as UTF-8 JSON, given its answer's (`publicAnswerJson`): the
 * bytes of `JSON.stringify({type: 'answer', id, answer})`, without serialising or encoding a
 * remembered answer again for every ask.
 */
export function answerMessage(id: string, answerJson: Buffer): Buffer {
  const head = `{"type":"answer","id":${JSON.stringify(id)},"answer":`;
  const headBytes = Buffer.byteLength(head, 'utf8');
  const message = Buffer.allocUnsafe(headBytes + answerJson.length + 1);
  message.write(head, 0, 'utf8');
  answerJson.copy(message, headBytes);
  message[message.length - 1] = 0x7d; // }
  return message;
}

// --- parsing one frame -------------------------------------------------------------------

/** An ask whose question has been normalised and checked. */
export type AskRequest = AskMessage;

export type ParsedFrame =
  | { ok: true; message: AskRequest | PingMessage }
  | { ok: false; id: string | null; error: ErrorBody };

function fail(id: string | null, code: ErrorBody['code'], detail?: string): ParsedFrame {
  return { ok: false, id, error: errorBody(code, detail) };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/**
 * Parse one text frame. Never throws. Order of checks (the first failing one wins):
 * JSON (`invalid_json`) → prototype-poisoning keys and non-objects (`invalid_message`) →
 * `type` (`invalid_message` if missing/not a string, `unknown_type` if unknown) → ask id
 * (`invalid_id`) → the rest of the shape, unknown keys included (`invalid_message`) →
 * question (`empty_question`, `question_too_long`). The returned ask carries the normalised question.
 */
export function parseClientFrame(text: string, limits: { maxQuestionLength: number }): ParsedFrame {
  let data: unknown;
  try {
    data = sjson.parse(text, null, { protoAction: 'ignore', constructorAction: 'ignore' });
  } catch {
    return fail(null, 'invalid_json');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return fail(null, 'invalid_message', 'expected a JSON object');
  }
  const obj = data as Record<string, unknown>;
  const id = AskId.safeParse(obj.id).success ? (obj.id as string) : null;
  try {
    sjson.scan(obj, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    return fail(id, 'invalid_message', 'forbidden key __proto__ or constructor.prototype');
  }
  if (typeof obj.type !== 'string') return fail(id, 'invalid_message', 'missing "type"');
  if (!(CLIENT_TYPES as readonly string[]).includes(obj.type)) {
    return fail(id, 'unknown_type', `"${obj.type.slice(0, 32)}"`);
  }

  if (obj.type === 'ask' && id === null) {
    return fail(null, 'invalid_id', obj.id === undefined ? 'missing "id"' : undefined);
  }

  const parsed = ClientMessage.safeParse(obj);
  if (!parsed.success) return fail(id, 'invalid_message', describeIssues(parsed.error));

  const message = parsed.data;
  if (message.type === 'ping') return { ok: true, message };

  const check = checkQuestion(message.question, limits.maxQuestionLength);
  if (!check.ok) return fail(message.id, check.code, check.detail);
  return { ok: true, message: { ...message, question: check.question } };
}
