/**
 * Transport ceiling vs answers, side by side, under the same load:
 *
 * - WebSocket: the echo server (bench/echo-server.ts) echoing every message, then the real
 *   server (src/main.ts) answering `ask`s from a rotating set of the gold questions
 *   (tests/gold/*.jsonl, each with the document of its set), C connections × K messages in flight.
 * - HTTP: autocannon against `POST /v1/ask` (the same rotating questions) and, on the same
 *   server, `GET /healthz` (a trivial route).
 *
 * The load generator is this process; each server is a process of its own.
 */
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { goldCases, mainCommand, ROOT, startServer, UNTHROTTLED, wsLoad, type WsLoadResult } from './lib.ts';

export interface TransportOptions {
  connections: number;
  inflight: number;
  warmupMs: number;
  durationMs: number;
  /** Extra environment for the real server (e.g. ANSWER_CACHE_SIZE). */
  env?: Record<string, string>;
  /** HTTP: autocannon connections and seconds per route. */
  httpConnections: number;
  httpSeconds: number;
}

/** A corpus folder with every gold policy, so each gold question can name its document. */
export function goldCorpus(): string {
  const dir = join(ROOT, '.cache/bench/gold-corpus');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const sources = [join(ROOT, 'corpus'), ...readdirSync(join(ROOT, 'tests/gold')).filter((d) => d.startsWith('corpus-')).map((d) => join(ROOT, 'tests/gold', d))];
  for (const src of sources) cpSync(src, dir, { recursive: true });
  return dir;
}

/** The rotating asks: every turn of every gold case, with its set's document. */
export function goldAsks(): Array<{ type: 'ask'; question: string; documentId?: string }> {
  const asks: Array<{ type: 'ask'; question: string; documentId?: string }> = [];
  for (const c of goldCases()) {
    for (const question of c.turns) asks.push({ type: 'ask', question, ...(c.documentId ? { documentId: c.documentId } : {}) });
  }
  return asks;
}

export interface HttpResult {
  route: string;
  requestsPerSecond: number;
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  non2xx: number;
  errors: number;
}

async function cannon(url: string, options: autocannon.Options, route: string): Promise<HttpResult> {
  const r = await autocannon({ url, ...options });
  return {
    route,
    requestsPerSecond: r.requests.average,
    latency: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max, mean: r.latency.average },
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

export interface AnswerRun {
  /** The server's ANSWER_CACHE_SIZE. */
  answerCache: number;
  ws: WsLoadResult;
  http: HttpResult;
}

export interface TransportResult {
  echo: WsLoadResult;
  trivial: HttpResult;
  /** Every answer computed (ANSWER_CACHE_SIZE=0), then with the default answer cache. */
  runs: AnswerRun[];
  /** Computed answers, one connection with one ask in flight: latency without queueing. */
  light?: WsLoadResult;
  asks: number;
  documents: number;
}

export async function runTransport(options: TransportOptions): Promise<TransportResult> {
  const asks = goldAsks();
  const corpus = goldCorpus();
  const load = { connections: options.connections, inflight: options.inflight, warmupMs: options.warmupMs, durationMs: options.durationMs };

  const echoServer = await startServer({ args: ['--import', 'tsx', join(ROOT, 'bench/echo-server.ts')] });
  let echo: WsLoadResult;
  try {
    echo = await wsLoad({ ...load, url: echoServer.url, messages: asks, waitReady: false });
  } finally {
    await echoServer.stop();
  }

  const bodies = asks.map(({ question, documentId }) => JSON.stringify({ question, ...(documentId ? { documentId } : {}) }));
  const runs: AnswerRun[] = [];
  let trivial: HttpResult | null = null;
  let light: WsLoadResult | undefined;
  for (const answerCache of [0, 2000]) {
    const server = await startServer({
      args: mainCommand(),
      readyz: true,
      env: {
        CORPUS_DIR: corpus,
        INDEX_SNAPSHOT_DIR: 'off',
        LOG_LEVEL: 'info',
        CONVERSATION_SECRET: 'bench-conversation-secret-0123456789',
        WS_MAX_INFLIGHT: String(Math.max(8, options.inflight)),
        ANSWER_CACHE_SIZE: String(answerCache),
        ...UNTHROTTLED,
        ...options.env,
      },
    });
    try {
      const ws = await wsLoad({ ...load, url: server.url, messages: asks, waitReady: true });
      if (answerCache === 0) {
        light = await wsLoad({ url: server.url, connections: 1, inflight: 1, warmupMs: 500, durationMs: Math.min(4000, options.durationMs), messages: asks, waitReady: true });
      }
      let i = 0;
      const http = await cannon(
        `${server.url}/v1/ask`,
        {
          connections: options.httpConnections,
          duration: options.httpSeconds,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          requests: [{ setupRequest: (req) => ({ ...req, body: bodies[i++ % bodies.length] }) }],
        },
        'POST /v1/ask',
      );
      runs.push({ answerCache, ws, http });
      trivial ??= await cannon(`${server.url}/healthz`, { connections: options.httpConnections, duration: options.httpSeconds }, 'GET /healthz');
    } finally {
      await server.stop();
    }
  }
  return { echo, trivial: trivial!, runs, light, asks: asks.length, documents: readdirSync(corpus).length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runTransport({ connections: 4, inflight: 8, warmupMs: 2000, durationMs: 8000, httpConnections: 8, httpSeconds: 8 });
  console.log(JSON.stringify(result, null, 2));
}
