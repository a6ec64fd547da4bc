/**
 * Shared pieces of the benchmarks: starting server processes on 127.0.0.1, their memory,
 * WebSocket load with a fixed number of messages in flight, percentiles, the gold questions,
 * machine information. Everything is bounded in time and count.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, totalmem } from 'node:os';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Limits that would throttle a benchmark (rate limits, per-IP socket caps) out of the way. */
export const UNTHROTTLED: Record<string, string> = {
  WS_ASK_BURST: '100000',
  WS_ASKS_PER_MINUTE: '1000000',
  WS_IP_ASK_BURST: '1000000',
  WS_IP_ASKS_PER_MINUTE: '10000000',
  WS_ABUSE_LIMIT: '100000',
  WS_MAX_SOCKETS_PER_IP: '1000',
  RATE_LIMIT_MAX: '0',
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The Node.js flags `npm start` runs the server with (package.json `scripts.start`, e.g. the
 * young-generation size): the benchmarks measure the server as it is run.
 */
export function serverNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).filter((w) => w.startsWith('--'));
}

/** The command that runs src/main.ts as `npm start` does: the compiled build when present, else through tsx. */
export function mainCommand(): string[] {
  const dist = `${ROOT}dist/src/main.js`;
  return [...serverNodeFlags(), ...(existsSync(dist) ? [dist] : ['--import', 'tsx', `${ROOT}src/main.ts`])];
}

export interface Server {
  url: string;
  port: number;
  proc: ChildProcess;
  /** Milliseconds from spawn to GET /readyz answering 200 (or to `listening` for plain servers). */
  readyMs: number;
  /** The `index ready` log line, when the server logs one. */
  readyLine: Record<string, unknown> | null;
  /** With `probeHealth`: the latency of every GET /healthz answered between listening and ready, ms. */
  healthProbes: number[];
  /** Log lines up to ready, and the ones read since by `waitForLine` (parsed). */
  lines: Array<Record<string, unknown>>;
  /** Reads the log lines written since the last call into `lines` (the per-ask lines are skipped). */
  poll(): void;
  /** While on, the `latencyMs` of every `ask answered` log line goes to `askLatencies` (server-side time of each ask). */
  captureAsks(on: boolean): void;
  askLatencies: number[];
  stop(): Promise<void>;
}

const LOG_DIR = join(ROOT, '.cache/bench/logs');

/**
 * Pins the load generator (this process) to core 0 and returns the core its servers should run
 * on (1), when the machine has two or more and `taskset` exists, so every throughput measurement
 * gets the same split instead of whatever the scheduler does with the other processes of a
 * shared machine. Null: no pinning (BENCH_PIN=off, one core, or no taskset). The corpus-scale
 * servers are not pinned: one answer at a time, their garbage collector's helper threads should
 * get the idle core; call `unpinLoadGenerator` before them.
 */
export function pinLoadGenerator(): number | null {
  if (process.env.BENCH_PIN === 'off' || cpus().length < 2) return null;
  try {
    execFileSync('taskset', ['-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
    return 1;
  } catch {
    return null; // no taskset: leave scheduling to the kernel
  }
}

/** Lets this process run on every core again. */
export function unpinLoadGenerator(): void {
  try {
    execFileSync('taskset', ['-p', '-c', `0-${cpus().length - 1}`, String(process.pid)], { stdio: 'ignore' });
  } catch {
    // no taskset: it was never pinned
  }
}

/**
 * Spawns a server (`node <args>`) with `env` on a free port and waits until it is ready:
 * `/readyz` 200 when `readyz` is true, else a `listening` line on stdout. Its stdout and stderr
 * go to a file, read only when a benchmark asks for lines: through a pipe, the load generator
 * (this process) would have to read tens of thousands of log lines a second, and a server whose
 * pipe it does not drain fast enough blocks on its logging.
 */
export async function startServer(options: {
  args: string[];
  env?: Record<string, string>;
  readyz?: boolean;
  timeoutMs?: number;
  nodeOptions?: string[];
  /** The core to run the server on (see pinLoadGenerator); any when null or omitted. */
  cpu?: number | null;
  /** Probe GET /healthz every 200 ms while the server starts (is it answering while it indexes?). */
  probeHealth?: boolean;
}): Promise<Server> {
  const port = await freePort();
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = join(LOG_DIR, `server-${port}.log`);
  const out = openSync(logFile, 'w');
  const started = performance.now();
  const argv = [...(options.nodeOptions ?? []), ...options.args];
  const pin = options.cpu ?? null;
  const proc = spawn(pin === null ? process.execPath : 'taskset', pin === null ? argv : ['-c', String(pin), process.execPath, ...argv], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port), HOST: '127.0.0.1', ...options.env },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  const lines: Array<Record<string, unknown>> = [];
  const askLatencies: number[] = [];
  let offset = 0;
  let partial = '';
  let captureFrom: number | null = null;
  /** The log text from byte `from` to the end (whole lines only; the rest waits in `partial` when `advance`). */
  const readFrom = (from: number): { text: string; end: number } => {
    let size: number;
    try {
      size = statSync(logFile).size;
    } catch {
      return { text: '', end: from };
    }
    if (size <= from) return { text: '', end: from };
    const buf = Buffer.alloc(size - from);
    const fd = openSync(logFile, 'r');
    try {
      readSync(fd, buf, 0, buf.length, from);
    } finally {
      closeSync(fd);
    }
    return { text: buf.toString('utf8'), end: size };
  };
  const poll = () => {
    const { text, end } = readFrom(offset);
    offset = end;
    const all = partial + text;
    const nl = all.lastIndexOf('\n');
    partial = nl === -1 ? all : all.slice(nl + 1);
    if (nl === -1) return;
    for (const line of all.slice(0, nl).split('\n')) {
      if (line.includes('"msg":"ask answered"')) continue;
      if (line.startsWith('{')) {
        try {
          lines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // not a log line
        }
      } else if (line.trim()) lines.push({ msg: line });
    }
    if (lines.length > 50_000) lines.splice(0, 25_000);
  };
  const tail = () => readFrom(Math.max(0, offset - 4000)).text.slice(-4000);
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + (options.timeoutMs ?? 180_000);
  const healthProbes: number[] = [];
  let starting = true;
  const probing = (async () => {
    while (options.probeHealth && starting) {
      const t0 = performance.now();
      // Refused before the server listens: not counted. A probe counts from its request to its answer.
      const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(30_000) }).then((r) => r.status === 200, () => false);
      if (ok && starting) healthProbes.push(performance.now() - t0);
      await sleep(200);
    }
  })();
  try {
    for (;;) {
      poll();
      if (proc.exitCode !== null) throw new Error(`server exited (${proc.exitCode}):\n${tail()}`);
      if (Date.now() > until) {
        proc.kill('SIGKILL');
        throw new Error(`server not ready in time:\n${tail()}`);
      }
      if (options.readyz) {
        const ok = await fetch(`${url}/readyz`).then((r) => r.status === 200, () => false);
        if (ok) break;
      } else if (lines.some((l) => typeof l.msg === 'string' && l.msg.startsWith('listening'))) {
        break;
      }
      await sleep(20);
    }
  } finally {
    starting = false;
  }
  const readyMs = performance.now() - started;
  await probing;
  poll();
  const server: Server = {
    url,
    port,
    proc,
    readyMs,
    healthProbes,
    readyLine: lines.find((l) => l.msg === 'index ready') ?? null,
    lines,
    poll,
    askLatencies,
    captureAsks(on: boolean) {
      if (on) {
        captureFrom = readFrom(0).end;
        return;
      }
      if (captureFrom === null) return;
      for (const m of readFrom(captureFrom).text.matchAll(/"msg":"ask answered".*?"latencyMs":([\d.]+)|"latencyMs":([\d.]+).*?"msg":"ask answered"/g)) {
        askLatencies.push(Number(m[1] ?? m[2]));
      }
      captureFrom = null;
    },
    async stop() {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
        await once(proc, 'exit');
        clearTimeout(timer);
      }
      rmSync(logFile, { force: true });
    },
  };
  return server;
}

/** Waits until a log line matching `pred` appears. */
export async function waitForLine(server: Server, pred: (l: Record<string, unknown>) => boolean, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    server.poll();
    const line = server.lines.find(pred);
    if (line) return line;
    if (Date.now() > until || server.proc.exitCode !== null) return null;
    await sleep(50);
  }
}

/** Resident set size of a process in bytes (Linux /proc), or null. */
export function rssOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export function summarise(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1);
  return {
    n: sorted.length,
    mean,
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

export interface WsLoadOptions {
  url: string;
  connections: number;
  inflight: number;
  warmupMs: number;
  durationMs: number;
  /** Messages to send, in rotation (each gets an `id`). */
  messages: Array<Record<string, unknown>>;
  /** Wait for the server's `ready` message before sending (the real server sends one). */
  waitReady: boolean;
}

export interface WsLoadResult {
  connections: number;
  inflight: number;
  measuredMs: number;
  replies: number;
  perSecond: number;
  errors: Record<string, number>;
  replyBytes: number;
  latency: ReturnType<typeof summarise>;
}

/**
 * Keeps `inflight` messages outstanding on each of `connections` sockets: every reply sends the
 * next message. Replies in the first `warmupMs` are not counted; then for `durationMs` every
 * reply's round trip (send → reply) is recorded.
 */
export async function wsLoad(options: WsLoadOptions): Promise<WsLoadResult> {
  const wsUrl = `${options.url.replace(/^http/, 'ws')}/v1/chat`;
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let replyBytes = 0;
  let replies = 0;
  let measuring = false;
  let stopped = false;
  const sockets: WebSocket[] = [];

  await Promise.all(
    Array.from({ length: options.connections }, async (_, c) => {
      const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
      sockets.push(ws);
      const sentAt = new Map<string, number>();
      let seq = 0;
      // Each socket goes through the messages in order from its own starting point, so a
      // conversation's turns follow each other as a user would ask them.
      let next = Math.floor((c * options.messages.length) / options.connections);
      const texts = options.messages.map((m) => JSON.stringify(m).slice(0, -1));
      const send = () => {
        if (stopped || ws.readyState !== WebSocket.OPEN) return;
        const id = `${c}-${seq++}`;
        const text = texts[next++ % texts.length]!;
        sentAt.set(id, performance.now());
        ws.send(`${text}${text.length > 1 ? ',' : ''}"id":"${id}"}`);
      };
      let readyResolve!: () => void;
      const ready = new Promise<void>((r) => (readyResolve = r));
      ws.on('message', (data) => {
        const text = data.toString();
        const msg = readReply(text);
        if (msg.type === 'ready') {
          readyResolve();
          return;
        }
        const at = msg.id !== undefined ? sentAt.get(msg.id) : undefined;
        if (at === undefined) return;
        sentAt.delete(msg.id!);
        if (measuring) {
          latencies.push(performance.now() - at);
          replies++;
          replyBytes += text.length;
          if (msg.type === 'error') errors[msg.error?.code ?? 'error'] = (errors[msg.error?.code ?? 'error'] ?? 0) + 1;
        }
        send();
      });
      ws.on('error', () => {});
      await once(ws, 'open');
      if (options.waitReady) await ready;
      for (let i = 0; i < options.inflight; i++) send();
    }),
  );
  await sleep(options.warmupMs);
  measuring = true;
  const started = performance.now();
  await sleep(options.durationMs);
  measuring = false;
  const measuredMs = performance.now() - started;
  stopped = true;
  for (const ws of sockets) ws.terminate();
  return {
    connections: options.connections,
    inflight: options.inflight,
    measuredMs,
    replies,
    perSecond: (replies / measuredMs) * 1000,
    errors,
    replyBytes: replies ? Math.round(replyBytes / replies) : 0,
    latency: summarise(latencies),
  };
}

/**
 * The type, id and error code of a reply, read from its first bytes when the message starts
 * `{"type":…,"id":…` as the real server's do (the load generator shares the machine with the
 * server: parsing whole 1 KB answers would slow it more than the echo's short replies), else parsed.
 */
function readReply(text: string): { type?: string; id?: string; error?: { code: string } } {
  const m = /^\{"type":"(\w+)","id":"([^"\\]*)"/.exec(text);
  if (!m) return JSON.parse(text) as { type?: string; id?: string; error?: { code: string } };
  if (m[1] !== 'error') return { type: m[1], id: m[2] };
  const code = /"code":"(\w+)"/.exec(text);
  return { type: 'error', id: m[2], error: { code: code?.[1] ?? 'error' } };
}

export interface GoldCase {
  set: string;
  documentId: string | null;
  turns: string[];
}

/** Every gold case (tests/gold/sets.json) with the document its set is about. */
export function goldCases(): GoldCase[] {
  const gold = `${ROOT}tests/gold/`;
  const sets = JSON.parse(readFileSync(`${gold}sets.json`, 'utf8')) as Array<{ cases: string; corpus: string }>;
  const out: GoldCase[] = [];
  for (const s of sets) {
    const dir = new URL(`${s.corpus}/`, `file://${gold}`).pathname;
    const files = readdirSync(dir).filter((f) => !f.startsWith('.') && /\.(txt|md|markdown|html?)$/.test(f));
    const documentId = files.length === 1 ? files[0]!.replace(/\.[^.]+$/, '') : null;
    for (const line of readFileSync(`${gold}${s.cases}`, 'utf8').split('\n').filter(Boolean)) {
      const c = JSON.parse(line) as { turns: string[] };
      out.push({ set: s.cases, documentId, turns: c.turns });
    }
  }
  return out;
}

export function machineInfo() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

export const ms = (v: number, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : '–');
