/**
 * WebSocket `GET /v1/chat` (protocol `policyqa.v1`, see docs/protocol.md).
 *
 * One socket = one conversation: the `ConversationContext` returned by each answer is kept
 * here and passed to the next ask. Asks are queued per socket and answered one per event-loop
 * turn (so one busy socket cannot starve the others), in arrival order, each with exactly one
 * final `answer` or `error` message carrying its id. Bad input gets an `error` message; the
 * socket stays open. Frames over `maxPayload` are closed with 1009 by the `ws` library.
 */
import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import type { ConversationContext } from '../answer/conversation.ts';
import type { Config } from '../config.ts';
import { CodedError, errorBody, type ErrorBody } from '../errors.ts';
import { publicAnswer } from '../protocol/answer.ts';
import { PROTOCOL, parseClientFrame, type AskRequest, type ServerMessage } from '../protocol/ws.ts';
import { ask } from './ask.ts';
import type { IndexHolder } from './index-holder.ts';

export interface ChatDeps {
  config: Config;
  indexHolder: IndexHolder;
}

const OPEN = 1; // WebSocket.OPEN

/**
 * Unsent bytes queued on a socket beyond which new asks are refused: a client that keeps
 * asking without reading its answers would otherwise make the server buffer without bound.
 */
export const MAX_UNREAD_BYTES = 1024 * 1024;

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

export class ChatSession {
  readonly #socket: WebSocket;
  readonly #deps: ChatDeps;
  readonly #log: FastifyBaseLogger;
  readonly #queue: Array<{ ask: AskRequest; received: number }> = [];
  #context: ConversationContext | null = null;
  #scheduled = false;
  #closed = false;

  constructor(socket: WebSocket, deps: ChatDeps, log: FastifyBaseLogger) {
    this.#socket = socket;
    this.#deps = deps;
    this.#log = log;
  }

  /** Number of asks received and not yet answered. */
  get inflight(): number {
    return this.#queue.length;
  }

  sendReady(): void {
    const index = this.#deps.indexHolder.get();
    const { config } = this.#deps;
    this.#send({
      type: 'ready',
      protocol: PROTOCOL,
      documents: index ? index.listDocuments().map((d) => d.id) : [],
      limits: {
        maxQuestionLength: config.maxQuestionLength,
        maxPayload: config.wsMaxPayload,
        maxInflight: config.wsMaxInflight,
      },
    });
  }

  onMessage(data: RawData, isBinary: boolean): void {
    if (this.#closed) return;
    if (isBinary) {
      this.#sendError(null, errorBody('invalid_message', 'binary frames are not accepted; send JSON as a text frame'));
      return;
    }
    const parsed = parseClientFrame(toBuffer(data).toString('utf8'), this.#deps.config);
    if (!parsed.ok) {
      this.#log.debug({ code: parsed.error.code, askId: parsed.id }, 'ws message rejected');
      this.#sendError(parsed.id, parsed.error);
      return;
    }
    const message = parsed.message;
    if (message.type === 'ping') {
      this.#send({ type: 'pong' });
      return;
    }
    const limit = this.#deps.config.wsMaxInflight;
    if (this.#queue.length >= limit || this.#socket.bufferedAmount > MAX_UNREAD_BYTES) {
      const unread = this.#socket.bufferedAmount;
      this.#log.info({ askId: message.id, inflight: this.#queue.length, unread }, 'ask refused: too many in flight');
      const detail = this.#queue.length >= limit ? `the limit is ${limit}` : 'earlier answers have not been read yet';
      this.#sendError(message.id, errorBody('too_many_inflight', detail));
      return;
    }
    this.#queue.push({ ask: message, received: Date.now() });
    this.#schedule();
  }

  onClose(): void {
    this.#closed = true;
    this.#queue.length = 0;
    this.#context = null;
  }

  #schedule(): void {
    if (this.#scheduled || this.#closed) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#answerNext();
      if (this.#queue.length > 0) this.#schedule();
    });
  }

  #answerNext(): void {
    const next = this.#queue.shift();
    if (!next || this.#closed) return;
    const { ask: message, received } = next;
    try {
      const result = ask(
        this.#deps.indexHolder,
        {
          question: message.question,
          documentId: message.documentId,
          context: this.#context,
          transport: 'ws',
          askId: message.id,
        },
        this.#log,
      );
      this.#context = result.context;
      this.#send({ type: 'answer', id: message.id, answer: publicAnswer(result.answer) });
    } catch (err) {
      if (err instanceof CodedError) {
        this.#sendError(message.id, err.toBody());
      } else {
        // ask() wraps answerQuestion's errors; this is a bug in this file (e.g. serialisation).
        this.#log.error({ err, askId: message.id }, 'ws ask failed');
        this.#sendError(message.id, errorBody('internal_error'));
      }
    }
    this.#log.debug({ askId: message.id, totalMs: Date.now() - received }, 'ws ask done');
  }

  #sendError(id: string | null, error: ErrorBody): void {
    this.#send({ type: 'error', id, error });
  }

  #send(message: ServerMessage): void {
    if (this.#socket.readyState !== OPEN) return;
    this.#socket.send(JSON.stringify(message));
  }
}

export function chatRoutes(deps: ChatDeps): FastifyPluginAsync {
  return async (app) => {
    app.get('/v1/chat', { websocket: true }, (socket, req) => {
      const session = new ChatSession(socket, deps, req.log);
      // Listeners first, synchronously: a message arriving before them would be lost.
      socket.on('message', (data, isBinary) => session.onMessage(data, isBinary));
      socket.on('close', (code) => {
        session.onClose();
        req.log.debug({ code }, 'ws closed');
      });
      session.sendReady();
    });
  };
}
