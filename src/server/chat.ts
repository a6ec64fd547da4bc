/**
 * WebSocket `GET /v1/chat` (protocol `policyqa.v1`, see docs/protocol.md; limits in
 * docs/security.md).
 *
 * One socket = one conversation: the `ConversationContext` returned by each answer is kept
 * here and passed to the next ask. Asks are queued per socket and answered in slices of at most
 * ANSWER_SLICE_MS per event-loop turn (so one busy socket cannot starve the others), in arrival order, each with exactly one
 * final `answer` or `error` message carrying its id. Bad input gets an `error` message; the
 * socket stays open.
 *
 * The socket is closed by the server when:
 * - a frame is over `maxPayload` (1009) or is not valid UTF-8 (1007): done by the `ws` library;
 * - the client keeps asking over its rate limit (1008, after WS_ABUSE_LIMIT rate_limited replies
 *   within WS_ABUSE_WINDOW_MS);
 * - there are too many sockets in total or from the client's IP (1013, at once);
 * - it sent nothing for WS_IDLE_TIMEOUT_MS (1000 "idle timeout");
 * - the server shuts down (1001, after the asks already received have been answered).
 * It is terminated (no closing handshake) when it does not answer a heartbeat ping, or when
 * more than WS_MAX_UNREAD_BYTES of answers are waiting for a client that does not read.
 */
import { performance } from 'node:perf_hooks';
import type { FastifyBaseLogger, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import type { ConversationContext } from '../answer/conversation.ts';
import type { Config } from '../config.ts';
import { CodedError, errorBody, type ErrorBody } from '../errors.ts';
import { publicAnswerJson } from '../protocol/answer.ts';
import { PROTOCOL, answerMessage, parseClientFrame, type AskRequest, type ParsedFrame, type ServerMessage } from '../protocol/ws.ts';
import { ask, type AskObserver } from './ask.ts';
import type { IndexHolder } from './index-holder.ts';
import { BucketMap, SocketCounter, TokenBucket, clientKey, reserveAll, type Clock } from './limits.ts';
import { DEFAULT_QUESTION_LOG } from './logger.ts';

const TEXT_FRAME = { binary: false } as const;

/** Longest stretch a socket's asks are answered before other work gets the event loop. */
export const ANSWER_SLICE_MS = 1;

/** How many document ids the `ready` message names at most. */
export const READY_DOCUMENT_IDS = 1000;

export interface ChatDeps {
  config: Config;
  indexHolder: IndexHolder;
  /** Question log fields and metrics (default: hashed questions, no metrics). */
  observer?: AskObserver;
  /** Clock for the rate limits (tests). */
  now?: Clock;
}

const OPEN = 1; // WebSocket.OPEN

/** Close codes the server uses (RFC 6455 §7.4.1). */
export const CLOSE = {
  normal: 1000,
  goingAway: 1001,
  policyViolation: 1008,
  tryAgainLater: 1013,
} as const;

/**
 * Non-ask frames (pings, malformed frames) draw on a bucket of their own, this many times the
 * ask bucket: parsing costs little, but a flood of them must not be free either.
 */
const FRAME_BUCKET_FACTOR = 4;

/**
 * What one queued message costs the process beyond its bytes (the writable stream's entry, the
 * frame header buffer, the callback). Measured with bench/abuse.ts: 1 MiB of unread 130-byte
 * refusals held ~4 MiB of memory. Unread memory is estimated as bytes + messages × this.
 */
export const MESSAGE_OVERHEAD_BYTES = 512;

/**
 * An ask that comes back this much before its reservation is still taken as having waited as
 * told: timers fire a millisecond early, and clocks tick in whole milliseconds.
 */
export const RESERVATION_SLACK_MS = 10;

/** What a socket owes its client, in order: an ask to answer, or a refusal already decided. */
type Pending = { ask: AskRequest; received: number } | { id: string | null; error: ErrorBody };

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

export interface SessionOptions {
  /** The bucket shared by all sockets of the client's IP; none when omitted. */
  ipBucket?: TokenBucket | null;
}

export class ChatSession {
  readonly #socket: WebSocket;
  readonly #deps: ChatDeps;
  readonly #observer: AskObserver;
  readonly #log: FastifyBaseLogger;
  readonly #now: Clock;
  /**
   * Everything owed to the client in the order it asked: asks to answer and refusals already
   * decided. A refusal waits behind earlier asks, so that no reply overtakes an earlier answer.
   */
  readonly #queue: Pending[] = [];
  /** Asks in `#queue` (refusals do not count towards WS_MAX_INFLIGHT). */
  #asksQueued = 0;
  /**
   * When the tokens reserved for this socket's next ask are covered (Date.now() ms), after a
   * rate_limited reply told it to wait; null when it holds no reservation.
   */
  #reservedAt: number | null = null;
  readonly #askBucket: TokenBucket;
  readonly #frameBucket: TokenBucket;
  readonly #ipBucket: TokenBucket | null;
  /** too_many_inflight refusals so far (the first is logged at info, the rest at debug). */
  #refusals = 0;
  /** Times of the recent rate_limited replies (at most WS_ABUSE_LIMIT kept). */
  readonly #limitedAt: number[] = [];
  readonly #softUnread: number;
  readonly #hardUnread: number;
  #context: ConversationContext | null = null;
  /** Messages handed to the socket and not yet flushed to the kernel. */
  #unflushed = 0;
  readonly #flushed = (): void => {
    this.#unflushed--;
  };
  #scheduled = false;
  #closed = false;
  /**
   * Set when the server has decided to close this socket (shutdown: 1001, abuse: 1008): asks
   * already queued are still answered, new ones get `refuse`, and the socket is closed with
   * `code` once the queue is empty.
   */
  #closing: { code: number; reason: string; refuse: ErrorBody } | null = null;
  #alive = true;
  #idleTimer: NodeJS.Timeout | null = null;
  /** When the last frame arrived (performance.now()). */
  #heardAt = performance.now();
  #resolveClosed!: () => void;
  /** Resolves once the socket has closed (or the session was told it did). */
  readonly closed: Promise<void>;

  constructor(socket: WebSocket, deps: ChatDeps, log: FastifyBaseLogger, options: SessionOptions = {}) {
    this.#socket = socket;
    this.#deps = deps;
    this.#observer = deps.observer ?? { questionLog: DEFAULT_QUESTION_LOG, metrics: null };
    this.#log = log;
    this.#now = deps.now ?? Date.now;
    const { config } = deps;
    const now = this.#now();
    this.#askBucket = new TokenBucket(config.limits.wsAskBurst, config.limits.wsAsksPerMinute, now);
    this.#frameBucket = new TokenBucket(
      config.limits.wsAskBurst * FRAME_BUCKET_FACTOR,
      config.limits.wsAsksPerMinute * FRAME_BUCKET_FACTOR,
      now,
    );
    this.#ipBucket = options.ipBucket ?? null;
    this.#hardUnread = config.limits.wsMaxUnreadBytes;
    this.#softUnread = Math.floor(config.limits.wsMaxUnreadBytes / 4);
    this.closed = new Promise((resolve) => (this.#resolveClosed = resolve));
  }

  /** Number of asks received and not yet answered. */
  get inflight(): number {
    return this.#asksQueued;
  }

  /** Unread bytes beyond which asks are refused with too_many_inflight. */
  get softUnreadLimit(): number {
    return this.#softUnread;
  }

  /**
   * Memory held for a client that is not reading: the bytes queued on the socket plus a fixed
   * overhead per queued message (many small messages cost far more than their bytes).
   */
  get unread(): number {
    return this.#socket.bufferedAmount + this.#unflushed * MESSAGE_OVERHEAD_BYTES;
  }

  /** Send `ready` and start the idle timer. */
  start(): void {
    this.sendReady();
    this.#armIdleTimer(this.#deps.config.limits.wsIdleTimeoutMs);
  }

  /**
   * The idle timer checks when the socket was last heard from, instead of being restarted on
   * every message (restarting a timer costs more than a remembered answer's lookup).
   */
  #armIdleTimer(ms: number): void {
    this.#idleTimer = setTimeout(() => {
      const idleMs = this.#deps.config.limits.wsIdleTimeoutMs;
      const quiet = performance.now() - this.#heardAt;
      if (quiet < idleMs) {
        this.#armIdleTimer(idleMs - quiet);
        return;
      }
      this.#log.info({ idleMs }, 'ws idle: closing');
      this.#closeWith(CLOSE.normal, 'idle timeout');
    }, ms);
    this.#idleTimer.unref();
  }

  sendReady(): void {
    const index = this.#deps.indexHolder.get();
    const { config } = this.#deps;
    this.#send({
      type: 'ready',
      protocol: PROTOCOL,
      // A corpus of thousands would make every greeting hundreds of kilobytes: name the first
      // READY_DOCUMENT_IDS and give the count (GET /v1/documents lists them all).
      documents: index ? index.listDocuments().slice(0, READY_DOCUMENT_IDS).map((d) => d.id) : [],
      documentCount: index ? index.documentCount : 0,
      limits: {
        maxQuestionLength: config.limits.maxQuestionLength,
        maxPayload: config.limits.wsMaxPayload,
        maxInflight: config.limits.wsMaxInflight,
        askBurst: config.limits.wsAskBurst,
        asksPerMinute: config.limits.wsAsksPerMinute,
      },
    });
  }

  onMessage(data: RawData, isBinary: boolean): void {
    if (this.#closed) return;
    this.#alive = true;
    this.#heardAt = performance.now();
    const now = this.#now();

    const parsed: ParsedFrame = isBinary
      ? { ok: false, id: null, error: errorBody('invalid_message', 'binary frames are not accepted; send JSON as a text frame') }
      : parseClientFrame(toBuffer(data).toString('utf8'), this.#deps.config.limits);

    if (!parsed.ok || parsed.message.type === 'ping') {
      const id = parsed.ok ? null : parsed.id;
      if (!this.#frameBucket.take(now)) {
        this.#rateLimited(id, this.#frameBucket.msUntilToken(now), now, true);
        return;
      }
      if (!parsed.ok) {
        this.#log.debug({ code: parsed.error.code, askId: parsed.id }, 'ws message rejected');
        this.#reply(parsed.id, parsed.error);
      } else {
        this.#send({ type: 'pong' });
      }
      return;
    }

    const message = parsed.message;
    if (this.#closing) {
      this.#reply(message.id, this.#closing.refuse);
      return;
    }
    // The rate limit counts every ask sent, accepted or not: a client flooding a full queue
    // with asks is refused with too_many_inflight first, then rate_limited, then closed (1008).
    // An ask over the limit reserves the tokens of the socket's next ask (in the socket's and
    // in the address's bucket) and is told when they are covered: retryAfterMs is a promise,
    // which other sockets of the same address cannot take, and they queue for the address's
    // tokens in the order they were refused (a fair share behind one NAT). Only an ask that
    // comes back before its time counts towards WS_ABUSE_LIMIT: the first refusal was news.
    if (this.#reservedAt !== null) {
      if (now + RESERVATION_SLACK_MS < this.#reservedAt) {
        this.#rateLimited(message.id, this.#reservedAt - now, now, true);
        return;
      }
      this.#reservedAt = null; // its tokens were taken when it was reserved
    } else {
      const wait = reserveAll(this.#ipBucket ? [this.#askBucket, this.#ipBucket] : [this.#askBucket], now);
      if (wait > 0) {
        this.#reservedAt = now + wait;
        this.#rateLimited(message.id, wait, now, false);
        return;
      }
    }
    const limit = this.#deps.config.limits.wsMaxInflight;
    const unread = this.unread;
    if (this.#asksQueued >= limit || unread > this.#softUnread) {
      // One info line per socket: a client must not be able to flood the log either.
      const fields = { askId: message.id, inflight: this.#asksQueued, unread, refusals: ++this.#refusals };
      if (this.#refusals === 1) this.#log.info(fields, 'ask refused: too many in flight');
      else this.#log.debug(fields, 'ask refused: too many in flight');
      const detail = this.#asksQueued >= limit ? `the limit is ${limit}` : 'earlier answers have not been read yet';
      this.#reply(message.id, errorBody('too_many_inflight', detail));
      return;
    }
    this.#queue.push({ ask: message, received: now });
    this.#asksQueued++;
    this.#schedule();
  }

  /** A pong from the client (answer to the heartbeat ping). */
  onPong(): void {
    this.#alive = true;
  }

  /**
   * Heartbeat tick: a peer that did not answer the previous ping (nor sent anything since) is
   * gone without a FIN (a dead NAT mapping, a sleeping laptop): drop it. Otherwise ping again.
   */
  heartbeat(): void {
    if (this.#closed) return;
    if (!this.#alive) {
      this.#log.info('ws heartbeat: no pong, terminating');
      this.terminate('no_pong');
      return;
    }
    this.#alive = false;
    try {
      this.#socket.ping();
    } catch {
      // The socket is closing; its close event follows.
    }
  }

  /**
   * Shutdown: refuse new asks (shutting_down), answer the queued ones, then close with 1001.
   * A client that is not reading (over the soft unread limit) would get neither its answers
   * nor the close frame: it is terminated at once.
   */
  drain(): void {
    if (this.#closed) return;
    if (this.unread > this.#softUnread) {
      this.terminate('not_reading_at_shutdown');
      return;
    }
    this.#closeAfterQueue(CLOSE.goingAway, 'server shutting down', errorBody('shutting_down'));
  }

  /** Answer what is queued, refuse the rest with `refuse`, then close with `code`. */
  #closeAfterQueue(code: number, reason: string, refuse: ErrorBody): void {
    if (this.#closed) return;
    if (!this.#closing || code === CLOSE.goingAway) this.#closing = { code, reason, refuse };
    if (this.#queue.length === 0) this.#closeWith(code, reason);
  }

  /** Drop the connection without a closing handshake. */
  terminate(reason: string): void {
    this.#observer.metrics?.socketsClosed.inc({ code: 'terminated' });
    this.#log.info({ reason, unread: this.unread, unflushed: this.#unflushed }, 'ws terminated');
    this.#markClosed();
    this.#socket.terminate();
  }

  /** The socket closed (its 'close' event). */
  onClose(): void {
    this.#markClosed();
    this.#resolveClosed();
  }

  #markClosed(): void {
    this.#closed = true;
    this.#queue.length = 0;
    this.#asksQueued = 0;
    this.#context = null;
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
  }

  #closeWith(code: number, reason: string): void {
    if (this.#closed) return;
    this.#observer.metrics?.socketsClosed.inc({ code: String(code) });
    this.#markClosed();
    if (this.#socket.readyState === OPEN) this.#socket.close(code, reason);
  }

  /** Refuse with rate_limited; `abusive` when the client was already told to wait and did not. */
  #rateLimited(id: string | null, retryAfterMs: number, now: number, abusive: boolean): void {
    this.#observer.metrics?.rateLimited.inc({ transport: 'ws' });
    this.#reply(id, { ...errorBody('rate_limited', `retry in ${retryAfterMs} ms`), retryAfterMs });
    if (!abusive) return;
    const { wsAbuseLimit, wsAbuseWindowMs } = this.#deps.config.limits;
    this.#limitedAt.push(now);
    while (this.#limitedAt.length > 0 && now - this.#limitedAt[0]! > wsAbuseWindowMs) this.#limitedAt.shift();
    if (this.#limitedAt.length > wsAbuseLimit) this.#limitedAt.shift();
    if (this.#limitedAt.length >= wsAbuseLimit && !this.#closing) {
      this.#log.warn({ rateLimited: this.#limitedAt.length, windowMs: wsAbuseWindowMs }, 'ws abuse: closing with 1008');
      this.#closeAfterQueue(CLOSE.policyViolation, 'rate limit exceeded repeatedly', {
        ...errorBody('rate_limited', 'this connection is being closed for sending too fast'),
        retryAfterMs,
      });
    }
  }

  #schedule(): void {
    if (this.#scheduled || this.#closed) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#answerSlice();
      if (this.#queue.length > 0) this.#schedule();
      else if (this.#closing) this.#closeWith(this.#closing.code, this.#closing.reason);
    });
  }

  /**
   * Answers queued asks for up to ANSWER_SLICE_MS, then yields to the event loop, so a socket
   * with a long queue of slow questions cannot starve the others, while quick ones (remembered
   * answers cost microseconds) go out together.
   */
  #answerSlice(): void {
    const until = performance.now() + ANSWER_SLICE_MS;
    do this.#answerNext();
    while (this.#queue.length > 0 && !this.#closed && performance.now() < until);
  }

  #answerNext(): void {
    const next = this.#queue.shift();
    if (!next || this.#closed) return;
    if ('error' in next) {
      this.#sendError(next.id, next.error);
      return;
    }
    this.#asksQueued--;
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
        this.#observer,
      );
      this.#context = result.context;
      this.#observer.metrics?.ask('ws', result.answer.answerable ? 'answered' : 'declined');
      // A remembered answer's JSON is kept with it in the answer cache (answer-cache.ts).
      const answerJson = result.remembered ? result.remembered.json : publicAnswerJson(result.answer);
      this.#sendText(answerMessage(message.id, answerJson));
    } catch (err) {
      if (err instanceof CodedError) {
        this.#sendError(message.id, err.toBody());
      } else {
        // ask() wraps answerQuestion's errors; this is a bug in this file (e.g. serialisation).
        this.#log.error({ err, askId: message.id }, 'ws ask failed');
        this.#sendError(message.id, errorBody('internal_error'));
      }
    }
    this.#log.debug({ askId: message.id, totalMs: this.#now() - received }, 'ws ask done');
  }

  /**
   * Reply to a frame with an error, in order: at once if nothing the client sent earlier is
   * still waiting for its answer, else behind it.
   */
  #reply(id: string | null, error: ErrorBody): void {
    if (this.#queue.length === 0) {
      this.#sendError(id, error);
      return;
    }
    this.#queue.push({ id, error });
    this.#schedule();
  }

  #sendError(id: string | null, error: ErrorBody): void {
    this.#observer.metrics?.ask('ws', error.code);
    this.#send({ type: 'error', id, error });
  }

  #send(message: ServerMessage): void {
    this.#sendText(JSON.stringify(message));
  }

  /** Sends a text frame (a Buffer holds UTF-8 text: it is sent as it is, without encoding it again). */
  #sendText(text: string | Buffer): void {
    if (this.#socket.readyState !== OPEN) return;
    this.#unflushed++;
    this.#socket.send(text, TEXT_FRAME, this.#flushed);
    // A client that does not read makes every reply pile up in this process: past the hard
    // limit it is dropped (a close frame would only queue behind the unread data).
    if (this.unread > this.#hardUnread && !this.#closed) this.terminate('unread_limit');
  }
}

/**
 * All chat sockets of one app: admission (socket caps), the per-IP ask buckets, the heartbeat,
 * and the graceful drain on shutdown.
 */
export class ChatHub {
  readonly sessions = new Set<ChatSession>();
  readonly #deps: ChatDeps;
  readonly #sockets: SocketCounter;
  readonly #ipBuckets: BucketMap;
  readonly #now: Clock;
  #heartbeat: NodeJS.Timeout | null = null;
  #shuttingDown = false;

  constructor(deps: ChatDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
    const { config } = deps;
    this.#sockets = new SocketCounter(config.limits.wsMaxSockets, config.limits.wsMaxSocketsPerIp);
    this.#ipBuckets = new BucketMap(config.limits.wsIpAskBurst, config.limits.wsIpAsksPerMinute);
  }

  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  get openSockets(): number {
    return this.#sockets.total;
  }

  /** A socket was upgraded: admit it (or close it with 1013) and wire its events. */
  accept(socket: WebSocket, req: FastifyRequest): void {
    const metrics = this.#deps.observer?.metrics ?? null;
    const key = clientKey(req.ip);
    if (this.#shuttingDown) {
      socket.close(CLOSE.goingAway, 'server shutting down');
      return;
    }
    const admission = this.#sockets.acquire(key);
    if (admission !== 'ok') {
      req.log.info({ reason: admission, open: this.#sockets.total, fromIp: this.#sockets.count(key) }, 'ws refused: too many sockets');
      metrics?.socketsRefused.inc({ reason: admission === 'total' ? 'capacity' : 'capacity_ip' });
      metrics?.socketsClosed.inc({ code: String(CLOSE.tryAgainLater) });
      socket.close(CLOSE.tryAgainLater, admission === 'total' ? 'server full; try again later' : 'too many connections from your address; try again later');
      return;
    }
    const session = new ChatSession(socket, this.#deps, req.log, { ipBucket: this.#ipBuckets.get(key, this.#now()) });
    this.sessions.add(session);
    metrics?.openSockets.inc();
    // Listeners first, synchronously: a message arriving before them would be lost.
    socket.on('message', (data, isBinary) => session.onMessage(data, isBinary));
    socket.on('pong', () => session.onPong());
    socket.on('close', (code) => {
      this.sessions.delete(session);
      this.#sockets.release(key);
      metrics?.openSockets.dec();
      session.onClose();
      req.log.debug({ code }, 'ws closed');
    });
    session.start();
    this.#startHeartbeat();
  }

  #startHeartbeat(): void {
    if (this.#heartbeat || this.#shuttingDown) return;
    this.#heartbeat = setInterval(() => {
      for (const session of this.sessions) session.heartbeat();
      // Forget the per-IP buckets that are full again and belong to no open socket.
      this.#ipBuckets.sweep(this.#now(), (key) => this.#sockets.count(key) > 0);
    }, this.#deps.config.limits.wsHeartbeatMs);
    this.#heartbeat.unref();
  }

  /** Stop the heartbeat (the app is closing). */
  stop(): void {
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = null;
  }

  /**
   * Graceful shutdown: new sockets are refused, every session answers what it has queued and
   * closes with 1001; sockets still open after `drainMs` (a client that never completes the
   * closing handshake) are terminated.
   */
  async shutdown(drainMs: number): Promise<void> {
    this.#shuttingDown = true;
    this.stop();
    const sessions = [...this.sessions];
    for (const session of sessions) session.drain();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), drainMs);
    });
    const result = await Promise.race([Promise.all(sessions.map((s) => s.closed)), deadline]);
    clearTimeout(timer);
    if (result === 'deadline') for (const session of this.sessions) session.terminate('shutdown_deadline');
  }
}

/** The `/v1/chat` route. */
export function chatRoutes(hub: ChatHub): FastifyPluginAsync {
  return async (app) => {
    app.get('/v1/chat', { websocket: true, config: { access: 'api' } }, (socket, req) => hub.accept(socket, req));
  };
}
