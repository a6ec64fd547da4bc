/**
 * Transport ceiling vs answers, side by side, under the same load:
 *
 * - WebSocket: the echo server (bench/echo-server.ts) echoing every message, and the real
 *   server (src/main.ts) answering `ask`s from a rotating set of the gold questions
 *   (tests/gold/*.jsonl, each with the document of its set), C connections × K messages in
 *   flight: once with its default caches, once with every answer computed.
 * - HTTP: autocannon against `POST /v1/ask` (the same rotating questions) and, on the same
 *   server, `GET /healthz` (a trivial route).
 *
 * The three servers run side by side and the loads alternate, round after round, so a change in
 * the machine's speed during the run (it is shared) affects every row alike; the median round of
 * each is reported. The load generator is this process; each server is a process of its own.
 */
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { variedQuestions } from './varied-questions.ts';
import { goldCases, mainCommand, pinLoadGenerator, ROOT, serverNodeFlags, startServer, unpinLoadGenerator, UNTHROTTLED, wsLoad, type WsLoadResult } from './lib.ts';

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
  /** How many times each load is measured (alternating). */
  rounds: number;
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

/** The rotating asks as `POST /v1/ask` bodies. */
export function goldAskBodies(): string[] {
  return goldAsks().map(({ question, documentId }) => JSON.stringify({ question, ...(documentId ? { documentId } : {}) }));
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

/** One kind of load, measured in each round. */
export interface TransportResult {
  /**
   * Rounds of (echo, remembered answers, computed answers, varied questions), alternated so drift
   * hits every row alike. Varied: the stream of bench/varied-questions.ts on the default server,
   * each round starting further into it, so no wording is asked twice in a run.
   */
  ws: { echo: WsLoadResult[]; cached: WsLoadResult[]; computed: WsLoadResult[]; varied: WsLoadResult[] };
  /** Rounds of (trivial route, POST /v1/ask with the default caches, POST /v1/ask computed). */
  http: { trivial: HttpResult[]; cached: HttpResult[]; computed: HttpResult[] };
  /** Computed answers, one connection with one ask in flight: latency without queueing. */
  light: WsLoadResult;
  asks: number;
  /** Distinct wordings in the varied stream. */
  variedWordings: number;
  documents: number;
  rounds: number;
  /** The core the servers ran on (the load generator on core 0), or null when not pinned. */
  serverCpu: number | null;
}

/** Environment of the real server with every answer computed. */
export const COMPUTED_ENV = { ANSWER_CACHE_SIZE: '0' };

export async function runTransport(options: TransportOptions): Promise<TransportResult> {
  const asks = goldAsks();
  const corpus = goldCorpus();
  // Varied wordings, each about one of the gold documents in turn.
  const documentIds = [...new Set(asks.map((a) => a.documentId).filter((d): d is string => d !== undefined))];
  const varied = variedQuestions().map((question, i) => ({ type: 'ask', question, documentId: documentIds[i % documentIds.length]! }));
  const variedRound = (round: number) => {
    const at = Math.floor((round * varied.length) / options.rounds);
    return [...varied.slice(at), ...varied.slice(0, at)];
  };
  const load = { connections: options.connections, inflight: options.inflight, warmupMs: options.warmupMs, durationMs: options.durationMs };
  const cpu = pinLoadGenerator();
  const real = (env: Record<string, string>) =>
    startServer({
      args: mainCommand(),
      readyz: true,
      cpu,
      env: {
        CORPUS_DIR: corpus,
        INDEX_SNAPSHOT_DIR: 'off',
        LOG_LEVEL: 'info',
        CONVERSATION_SECRET: 'bench-conversation-secret-0123456789',
        WS_MAX_INFLIGHT: String(Math.max(8, options.inflight)),
        ...UNTHROTTLED,
        ...env,
        ...options.env,
      },
    });
  // The echo server runs with the same Node.js flags as the real one (those of npm start).
  const echoServer = await startServer({ args: [...serverNodeFlags(), '--import', 'tsx', join(ROOT, 'bench/echo-server.ts')], cpu });
  const cachedServer = await real({});
  const computedServer = await real(COMPUTED_ENV);
  const bodies = goldAskBodies();
  const askCannon = (url: string) => {
    let i = 0;
    return cannon(
      `${url}/v1/ask`,
      {
        connections: options.httpConnections,
        duration: options.httpSeconds,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        requests: [{ setupRequest: (req) => ({ ...req, body: bodies[i++ % bodies.length] }) }],
      },
      'POST /v1/ask',
    );
  };
  const result: TransportResult = {
    ws: { echo: [], cached: [], computed: [], varied: [] },
    http: { trivial: [], cached: [], computed: [] },
    light: undefined as unknown as WsLoadResult,
    asks: asks.length,
    variedWordings: varied.length,
    documents: readdirSync(corpus).length,
    rounds: options.rounds,
    serverCpu: cpu,
  };
  try {
    for (let round = 0; round < options.rounds; round++) {
      result.ws.echo.push(await wsLoad({ ...load, url: echoServer.url, messages: asks, waitReady: false }));
      result.ws.cached.push(await wsLoad({ ...load, url: cachedServer.url, messages: asks, waitReady: true }));
      result.ws.computed.push(await wsLoad({ ...load, url: computedServer.url, messages: asks, waitReady: true }));
      result.ws.varied.push(await wsLoad({ ...load, url: cachedServer.url, messages: variedRound(round), waitReady: true }));
    }
    for (let round = 0; round < options.rounds; round++) {
      result.http.trivial.push(await cannon(`${cachedServer.url}/healthz`, { connections: options.httpConnections, duration: options.httpSeconds }, 'GET /healthz'));
      result.http.cached.push(await askCannon(cachedServer.url));
      result.http.computed.push(await askCannon(computedServer.url));
    }
    result.light = await wsLoad({ url: computedServer.url, connections: 1, inflight: 1, warmupMs: 500, durationMs: Math.min(4000, options.durationMs), messages: asks, waitReady: true });
  } finally {
    await Promise.all([echoServer.stop(), cachedServer.stop(), computedServer.stop()]);
    if (cpu !== null) unpinLoadGenerator();
  }
  return result;
}

/** The median of `values` (the lower middle one for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

/** The round whose throughput is the median one (its latencies are reported with it). */
export function medianRound<T>(rounds: T[], rate: (r: T) => number): T {
  const m = median(rounds.map(rate));
  return rounds.find((r) => rate(r) === m)!;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runTransport({ connections: 4, inflight: 8, warmupMs: 1000, durationMs: 4000, httpConnections: 8, httpSeconds: 4, rounds: 3 });
  console.log(JSON.stringify(result, null, 2));
}
