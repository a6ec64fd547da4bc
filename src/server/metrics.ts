/**
 * Prometheus metrics (`GET /metrics`), in a Registry of this app's own: tests build many apps in
 * one process, and the global registry would make their metrics collide.
 *
 * Never a label with client input: outcomes are error codes from the table, transports are
 * `ws`/`http`, close codes are numbers the server chose.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ErrorCode } from '../errors.ts';
import type { IndexHolder } from './index-holder.ts';

export type Transport = 'ws' | 'http';
/** `answered` (answerable), `declined` (the corpus does not address it) or an error code. */
export type AskOutcome = 'answered' | 'declined' | ErrorCode;

export interface MetricsOptions {
  /** Also collect the process metrics (CPU, memory, event loop lag, GC). Off in tests. */
  defaultMetrics?: boolean;
}

export class Metrics {
  readonly registry = new Registry();
  readonly asks: Counter<'transport' | 'outcome'>;
  readonly answerSeconds: Histogram<'transport'>;
  readonly openSockets: Gauge;
  readonly rateLimited: Counter<'transport'>;
  readonly socketsClosed: Counter<'code'>;
  readonly socketsRefused: Counter<'reason'>;
  /** `answerSeconds` per transport, its labels bound once (prom-client's `labels()`). */
  readonly #answerSecondsBy: Record<Transport, { observe(seconds: number): void }>;

  constructor(indexHolder: IndexHolder, options: MetricsOptions = {}) {
    const registers = [this.registry];
    this.asks = new Counter({
      name: 'policyqa_asks_total',
      help: 'Asks by transport and outcome: answered, declined (not addressed by the corpus) or the error code',
      labelNames: ['transport', 'outcome'],
      registers,
    });
    this.answerSeconds = new Histogram({
      name: 'policyqa_answer_duration_seconds',
      help: 'Time to compose an answer (index lookup to answer object), by transport',
      labelNames: ['transport'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
    this.#answerSecondsBy = { ws: this.answerSeconds.labels('ws'), http: this.answerSeconds.labels('http') };
    this.openSockets = new Gauge({
      name: 'policyqa_ws_open_sockets',
      help: 'Open WebSocket connections on /v1/chat',
      registers,
    });
    this.rateLimited = new Counter({
      name: 'policyqa_rate_limited_total',
      help: 'Requests (http) and asks (ws) refused with rate_limited',
      labelNames: ['transport'],
      registers,
    });
    this.socketsClosed = new Counter({
      name: 'policyqa_ws_closed_by_server_total',
      help: 'WebSockets the server closed, by close code (1001 shutdown, 1008 abuse, 1009 too big, 1013 over capacity, 1000 idle) or "terminated"',
      labelNames: ['code'],
      registers,
    });
    this.socketsRefused = new Counter({
      name: 'policyqa_ws_refused_total',
      help: 'WebSocket upgrades refused: forbidden_origin (403), unauthorized (401), capacity (1013 total), capacity_ip (1013 per IP)',
      labelNames: ['reason'],
      registers,
    });
    new Gauge({
      name: 'policyqa_index_documents',
      help: 'Documents in the current index (0 while it is being built)',
      registers,
      collect() {
        this.set(indexHolder.get()?.listDocuments().length ?? 0);
      },
    });
    new Gauge({
      name: 'policyqa_index_clauses',
      help: 'Clauses in the current index (0 while it is being built)',
      registers,
      collect() {
        this.set(indexHolder.get()?.clauseCount ?? 0);
      },
    });
    new Gauge({
      name: 'policyqa_index_build_seconds',
      help: 'How long building (or loading) the current index took; 0 before it is ready',
      registers,
      collect() {
        const ms = indexHolder.get() ? indexHolder.buildMs : null;
        this.set(ms == null ? 0 : ms / 1000);
      },
    });
    new Gauge({
      name: 'policyqa_index_ready',
      help: '1 once the index is built and questions can be answered, else 0',
      registers,
      collect() {
        this.set(indexHolder.ready ? 1 : 0);
      },
    });
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** An ask ended with `outcome` (policyqa_asks_total). */
  ask(transport: Transport, outcome: AskOutcome): void {
    this.asks.inc({ transport, outcome });
  }

  /** An answer took `seconds` (policyqa_answer_duration_seconds). */
  answered(transport: Transport, seconds: number): void {
    this.#answerSecondsBy[transport].observe(seconds);
  }
}
