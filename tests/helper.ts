/**
 * Test helpers: build the app for one test (with the real corpus by default) and close it in
 * `t.teardown`; talk to `/v1/chat` through `app.injectWS` or a real socket.
 */
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';
import type { Logger } from 'pino';
import WebSocket from 'ws';
import { loadConfig, type Config } from '../src/config.ts';
import { loadCorpus } from '../src/corpus/load.ts';
import type { PolicyDocument } from '../src/corpus/types.ts';
import { ClauseIndex } from '../src/search/clause-index.ts';
import { answerQuestion, type AnswerResult } from '../src/answer/answer-question.ts';
import type { Answer } from '../src/answer/types.ts';
import { buildApp, type App } from '../src/server/app.ts';
import type { ConversationStore } from '../src/server/conversation-store.ts';
import { IndexHolder } from '../src/server/index-holder.ts';
import { createLogger } from '../src/server/logger.ts';

/**
 * Node arguments that run a .ts file in a spawned process: `spawn(process.execPath,
 * [...TS_NODE_ARGS, file])`. Source maps on, so the child's coverage maps back to src/.
 */
export const TS_NODE_ARGS = ['--enable-source-maps', '--import', new URL('./fixtures/ts-loader.mjs', import.meta.url).href];

export const CORPUS_DIR = fileURLToPath(new URL('../corpus/', import.meta.url));
/** The seed policy's document id. */
export const WEBPROS = 'webpros-privacy-policy';

const indexes = new Map<string, Promise<ClauseIndex>>();

/** The index of a corpus folder, built once per test process. */
export function loadIndex(dir: string = CORPUS_DIR): Promise<ClauseIndex> {
  let index = indexes.get(dir);
  if (!index) {
    index = loadCorpus(dir).then((corpus) => ClauseIndex.build(corpus.documents));
    indexes.set(dir, index);
  }
  return index;
}

/** A config as `main.ts` would read it, silent, with the given variables set. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ LOG_LEVEL: 'silent', CORPUS_DIR, ...env });
}

export interface TestAppOptions {
  /** Corpus folder to load (default `corpus/`). Ignored when `documents` or `index` is given. */
  corpusDir?: string;
  /** Documents to index instead of a folder. */
  documents?: PolicyDocument[];
  /** An index, an `IndexHolder`, or null (not ready). Overrides corpusDir/documents. */
  index?: ClauseIndex | IndexHolder | null;
  /** Environment variables for the config (e.g. `{WS_MAX_INFLIGHT: '2'}`). */
  env?: Record<string, string>;
  logger?: Logger;
  conversations?: ConversationStore;
}

/** Build an app (ready, not listening) for one test; it is closed when the test ends. */
export async function buildTestApp(t: Test, options: TestAppOptions = {}): Promise<App> {
  let index: ClauseIndex | IndexHolder | null;
  if ('index' in options) index = options.index ?? null;
  else if (options.documents) index = ClauseIndex.build(options.documents);
  else index = await loadIndex(options.corpusDir ?? CORPUS_DIR);

  const app = await buildApp({
    config: testConfig(options.env),
    index,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.conversations ? { conversations: options.conversations } : {}),
  });
  t.teardown(async () => {
    // A socket the server closed itself (e.g. with 1009) waits up to 30 s for the injected
    // client's TCP end, which never comes; drop such sockets so the test process exits.
    for (const socket of app.websocketServer.clients) socket.terminate();
    await app.close();
  });
  await app.ready();
  return app;
}

/**
 * The service's logger (same serializers, redaction and escaping as `createLogger`) keeping
 * every line, parsed, in `lines`, and the raw text in `text()`.
 */
export function captureLogger(level: Config['logging']['level'] = 'info'): { logger: Logger; lines: Array<Record<string, unknown>>; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ level }, stream);
  return {
    logger,
    get lines() {
      return chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    text: () => chunks.join(''),
  };
}

// --- WebSocket clients -------------------------------------------------------------------

// Messages are loosely typed on purpose: tests assert the exact shapes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Msg = any;

export interface ChatClient {
  ws: WebSocket;
  /** Send a JSON message. */
  send(message: unknown): void;
  /** Send a raw frame (text unless `binary`). */
  sendRaw(data: string | Buffer, binary?: boolean): void;
  /** The next message not read yet (fails after `timeoutMs`). */
  next(timeoutMs?: number): Promise<Msg>;
  /** The next `n` messages. */
  take(n: number, timeoutMs?: number): Promise<Msg[]>;
  /** Resolves with the close code and reason once the socket closes. */
  closed: Promise<{ code: number; reason: string }>;
  /** True while the socket is open. */
  isOpen(): boolean;
  /** Every message received and not read yet (removed from the queue). */
  unread(): Msg[];
}

function wrap(ws: WebSocket): { client: ChatClient; attach(): void } {
  const queue: Msg[] = [];
  const waiters: Array<(m: Msg) => void> = [];
  let resolveClosed!: (v: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((r) => (resolveClosed = r));

  const attach = () => {
    ws.on('message', (data, isBinary) => {
      const message: Msg = isBinary ? { binary: data } : JSON.parse(data.toString());
      const waiter = waiters.shift();
      if (waiter) waiter(message);
      else queue.push(message);
    });
    ws.on('close', (code, reason) => resolveClosed({ code, reason: reason.toString() }));
    ws.on('error', () => {});
  };

  const next = (timeoutMs = 5000): Promise<Msg> => {
    const queued = queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`no message within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = (m: Msg) => {
        clearTimeout(timer);
        resolve(m);
      };
      waiters.push(waiter);
    });
  };

  const client: ChatClient = {
    ws,
    send: (message) => ws.send(JSON.stringify(message)),
    sendRaw: (data, binary = false) => ws.send(data, { binary }),
    next,
    async take(n, timeoutMs) {
      const out: Msg[] = [];
      for (let i = 0; i < n; i++) out.push(await next(timeoutMs));
      return out;
    },
    closed,
    isOpen: () => ws.readyState === WebSocket.OPEN,
    unread: () => queue.splice(0),
  };
  return { client, attach };
}

/** Connect to `/v1/chat` through `app.injectWS` (no network). Closed when the test ends. */
export async function injectChat(t: Test, app: App, path = '/v1/chat'): Promise<ChatClient> {
  let wrapped: ReturnType<typeof wrap> | undefined;
  const ws = await app.injectWS(path, {}, {
    // Listen before the upgrade completes: the server's `ready` message may arrive at once.
    onInit(ws) {
      wrapped = wrap(ws);
      wrapped.attach();
    },
  });
  t.teardown(() => ws.terminate());
  return wrapped!.client;
}

/** Connect a real `ws` client to a listening server. Closed when the test ends. */
export async function connectChat(t: Test, url: string): Promise<ChatClient> {
  const ws = new WebSocket(url);
  const wrapped = wrap(ws);
  wrapped.attach();
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  t.teardown(() => ws.terminate());
  return wrapped.client;
}

// --- real listening servers --------------------------------------------------------------

/** Make a test app listen on 127.0.0.1 (a free port); returns its base URLs. */
export async function listen(app: App): Promise<{ http: string; ws: string; port: number }> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as import('node:net').AddressInfo;
  return { http: `http://127.0.0.1:${port}`, ws: `ws://127.0.0.1:${port}/v1/chat`, port };
}

export type UpgradeResult =
  | { upgraded: true; client: ChatClient }
  | { upgraded: false; status: number; headers: Record<string, string | string[] | undefined>; body: Msg };

/**
 * Try to open `/v1/chat` with a real `ws` client and the given headers: either the socket
 * (closed when the test ends) or the HTTP response that refused the upgrade.
 */
export function tryUpgrade(t: Test, url: string, options: { headers?: Record<string, string>; origin?: string } = {}): Promise<UpgradeResult> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: options.headers ?? {}, ...(options.origin ? { origin: options.origin } : {}) });
    const wrapped = wrap(ws);
    wrapped.attach();
    t.teardown(() => {
      try {
        ws.terminate();
      } catch {
        // A refused handshake has nothing left to terminate.
      }
    });
    ws.once('unexpected-response', (req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        req.destroy();
        let parsed: Msg = body;
        try {
          parsed = JSON.parse(body);
        } catch {
          // not JSON
        }
        resolve({ upgraded: false, status: res.statusCode ?? 0, headers: res.headers, body: parsed });
      });
    });
    ws.once('open', () => resolve({ upgraded: true, client: wrapped.client }));
    ws.once('error', (err) => reject(err));
  });
}

/** The answer to the last of `turns`, asked as one conversation. */
export function ask(index: ClauseIndex, ...turns: string[]): Answer {
  let result: AnswerResult | undefined;
  for (const q of turns) result = answerQuestion(index, q, { context: result?.context });
  return result!.answer;
}

/** No two citations of `answer` share a character (each adds a passage of its own). */
export function assertNoOverlap(t: Test, answer: Answer) {
  const sorted = [...answer.citations].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) t.ok(sorted[i]!.start >= sorted[i - 1]!.end, 'citations do not overlap');
}

/** Every citation of `answer` is a slice of its document's text, and its highlights lie inside it. */
export function assertVerbatim(t: Test, index: ClauseIndex, answer: Answer) {
  for (const c of answer.citations) {
    const text = index.getDocument(c.documentId)!.text;
    t.equal(text.slice(c.start, c.end), c.excerpt, `citation ${c.clauseId} is verbatim`);
    for (const [s, e] of c.highlights) t.ok(s >= 0 && e <= c.excerpt.length && s < e, 'highlight inside the excerpt');
  }
}
