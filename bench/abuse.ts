/**
 * Abuse bench: three measurements against the real server process (src/main.ts), on
 * 127.0.0.1 only, each bounded in time. Run with `npx tsx bench/abuse.ts`.
 *
 * 1. SIGTERM under load: 20 sockets keep 8 asks in flight each; after 2 s the server gets
 *    SIGTERM. How many asks were in flight, how many of them were answered, how the sockets
 *    were closed, how long the exit took.
 * 2. Memory with clients that never read: 20 sockets each send thousands of asks and never read
 *    a byte. Server RSS before, at its peak, and after; how the sockets ended.
 * 3. A flood of 1,000 asks sent at once from one socket, with the default limits: what came
 *    back (answered, rate_limited, too_many_inflight, nothing) and the close code.
 * 4. Slow request bodies: 1,000 connections from one address (127.0.0.1) each sending a POST
 *    body one byte every 2 s, while another address (127.0.0.2) asks and probes /healthz: what
 *    the slow ones got and when, whether the other client was served, and how a SIGTERM with
 *    one slow request open ends. `npx tsx bench/abuse.ts slow` runs only this one.
 *
 * Scenarios 1 and 2 raise the ask rate limits so that the load reaches the answerer (1) and
 * the unread-bytes limit is what bounds memory (2); scenario 3 uses the defaults.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect as tcpConnect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const CORPUS = fileURLToPath(new URL('../corpus/', import.meta.url));

const QUESTIONS = [
  'Is my data transferred to Japan?',
  'Who is the data protection contact?',
  'Which companies belong to the WebPros group?',
  'Is my data sent to the USA?',
  'What are my rights?',
  'Do you use cookies?',
];

/** Rate limits out of the way (scenarios 1 and 2). */
const UNTHROTTLED = {
  WS_ASK_BURST: '100000',
  WS_ASKS_PER_MINUTE: '1000000',
  WS_IP_ASK_BURST: '1000000',
  WS_IP_ASKS_PER_MINUTE: '10000000',
  WS_ABUSE_LIMIT: '100000',
};

/** Every server started, killed if the bench stops early. */
const servers: ChildProcess[] = [];

interface Server {
  child: ChildProcess;
  port: number;
  exited: Promise<[number | null, NodeJS.Signals | null]>;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', CORPUS_DIR: CORPUS, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  servers.push(child);
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  // Read the log until the listening line, then discard it (the server logs at info, as it would in production).
  let head = '';
  let port: number | undefined;
  child.stdout!.on('data', (d) => {
    if (port !== undefined) return;
    head += d;
    const m = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(head);
    if (m) port = Number(m[1]);
  });
  const found = await waitFor(() => port, 20_000);
  await waitFor(
    async () =>
      (await fetch(`http://127.0.0.1:${found}/readyz`, { signal: AbortSignal.timeout(2000) }).catch(() => null))?.status === 200 ? true : undefined,
    30_000,
  );
  return { child, port: found, exited };
}

async function waitFor<T>(fn: () => Promise<T | undefined> | T | undefined, ms: number): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('timed out');
    await sleep(25);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `promise`, or an error naming `what` after `ms`: every wait in this bench is bounded. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`bench: ${what} took over ${ms} ms`)), ms);
    }),
  ]);
}

/** Resident set size of a process, in MiB (Linux). */
function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

function connect(port: number): Promise<WebSocket> {
  return within(
    5000,
    'opening a socket',
    new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/chat`);
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    }),
  );
}

async function metric(port: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : 0;
}

function tally(map: Map<string, number>, key: string, n = 1): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

// --- 1. SIGTERM under load ---------------------------------------------------------------------

async function sigtermUnderLoad() {
  const server = await startServer({ ...UNTHROTTLED, SHUTDOWN_TIMEOUT_MS: '10000' });
  const SOCKETS = 20;
  const INFLIGHT = 8;
  let signalledAt = 0;
  /** Replies to asks sent before the signal and after it, by outcome ('none' for no reply). */
  const before = new Map<string, number>();
  const after = new Map<string, number>();
  const closes = new Map<string, number>();
  let repliedBeforeSignal = 0;
  let sentBeforeSignal = 0;

  await Promise.all(
    Array.from({ length: SOCKETS }, async (_, s) => {
      const ws = await connect(server.port);
      /** id → sent before the signal? */
      const pending = new Map<string, boolean>();
      let n = 0;
      let stop = false;
      const send = () => {
        if (ws.readyState !== WebSocket.OPEN || stop) return;
        const id = `${s}-${n++}`;
        pending.set(id, signalledAt === 0);
        if (signalledAt === 0) sentBeforeSignal++;
        ws.send(JSON.stringify({ type: 'ask', id, question: QUESTIONS[n % QUESTIONS.length] }));
      };
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data));
        if (msg.type === 'ready') {
          for (let i = 0; i < INFLIGHT; i++) send();
          return;
        }
        const early = pending.get(msg.id);
        if (early === undefined) return;
        pending.delete(msg.id);
        const outcome = msg.type === 'answer' ? 'answered' : msg.error.code;
        if (signalledAt === 0) repliedBeforeSignal++;
        else tally(early ? before : after, outcome);
        // A well-behaved client stops asking this server once it says it is shutting down.
        if (outcome === 'shutting_down') stop = true;
        send();
      });
      await within(
        30_000,
        'a socket closing after SIGTERM',
        new Promise<void>((resolve) =>
          ws.once('close', (code) => {
            tally(closes, String(code));
            for (const early of pending.values()) tally(early ? before : after, 'no reply');
            resolve();
          }),
        ),
      );
    }).concat(
      (async () => {
        await sleep(2000);
        signalledAt = performance.now();
        server.child.kill('SIGTERM');
      })(),
    ),
  );
  const [code] = await within(20_000, 'the server exiting after SIGTERM', server.exited);
  const exitMs = Math.round(performance.now() - signalledAt);
  return { sentBeforeSignal, inflightAtSignal: sentBeforeSignal - repliedBeforeSignal, before, after, closes, code, exitMs };
}

// --- 2. clients that never read ----------------------------------------------------------------

async function nonReadingClients(env: Record<string, string>) {
  const server = await startServer(env);
  const pid = server.child.pid!;
  // Warm up the answerer so that its caches are not counted as growth.
  const warm = await connect(server.port);
  for (const [i, q] of QUESTIONS.entries()) warm.send(JSON.stringify({ type: 'ask', id: `w${i}`, question: q }));
  await within(
    15_000,
    'warming up',
    new Promise<void>((resolve) => {
      // Count the replies to the warm-up asks (the ready message may come before this listener).
      let n = 0;
      warm.on('message', (data) => {
        if (JSON.parse(String(data)).id != null && ++n === QUESTIONS.length) resolve();
      });
    }),
  );
  warm.close();
  await sleep(500);
  const before = rssMiB(pid);
  const mem = async () => ({
    heap: (await metric(server.port, 'nodejs_heap_size_used_bytes')) / 2 ** 20,
    external: (await metric(server.port, 'nodejs_external_memory_bytes')) / 2 ** 20,
  });
  const memBefore = await mem();
  let externalPeak = memBefore.external;

  const CLIENTS = 20;
  // Loopback kernel buffers absorb ~3 MB of replies per socket before the server's own send
  // buffer grows at all; 40 000 small refusals (~130 bytes each) get past that to the limit.
  const ASKS = 40_000;
  const CHECKPOINTS = 4;
  let peak = before;
  const poll = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 50);
  const sockets = await Promise.all(Array.from({ length: CLIENTS }, () => connect(server.port)));
  for (const ws of sockets) {
    ws.pause(); // never read a byte (the ready message included)
    ws.on('error', () => {}); // writing to a socket the server terminated
  }
  let written = 0;
  /** Peak RSS after each quarter of the asks: if memory were unbounded it would keep rising. */
  const checkpoints: number[] = [];
  for (let i = 0; i < ASKS; i++) {
    for (const [c, ws] of sockets.entries()) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      ws.send(JSON.stringify({ type: 'ask', id: `${c}-${i}`, question: QUESTIONS[i % QUESTIONS.length] }));
      written++;
    }
    if (i % 50 === 0) await sleep(1); // let the server read; the bench process must not balloon either
    if ((i + 1) % (ASKS / CHECKPOINTS) === 0) {
      await sleep(300);
      checkpoints.push(peak);
    }
    if (i % 2000 === 0) externalPeak = Math.max(externalPeak, (await mem()).external);
  }
  // Let the server work through what it has read.
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    const open = await metric(server.port, 'policyqa_ws_open_sockets');
    if (open === 0) break;
    await sleep(250);
  }
  await sleep(500);
  clearInterval(poll);
  const terminated = await metric(server.port, 'policyqa_ws_closed_by_server_total{code="terminated"}');
  const closed1008 = await metric(server.port, 'policyqa_ws_closed_by_server_total{code="1008"}');
  const limited = await metric(server.port, 'policyqa_rate_limited_total{transport="ws"}');
  const open = await metric(server.port, 'policyqa_ws_open_sockets');
  const refused = await metric(server.port, 'policyqa_asks_total{transport="ws",outcome="too_many_inflight"}');
  const answered = await metric(server.port, 'policyqa_asks_total{transport="ws",outcome="answered"}');
  const end = rssMiB(pid);
  const memAfter = await mem();
  for (const ws of sockets) ws.terminate();
  server.child.kill('SIGTERM');
  await within(20_000, 'the server exiting', server.exited);
  return { clients: CLIENTS, asks: ASKS, written, before, peak, checkpoints, end, terminated, closed1008, limited, open, refused, answered, memBefore, memAfter, externalPeak };
}

// --- 3. a flood from one socket ------------------------------------------------------------------

async function flood() {
  const server = await startServer({});
  const ws = await connect(server.port);
  const outcomes = new Map<string, number>();
  const replied = new Set<string>();
  const N = 1000;
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  await within(5000, 'ready', new Promise<void>((resolve) => ws.once('message', () => resolve())));
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data));
    if (msg.id == null) return tally(outcomes, `(no id) ${msg.type}`);
    replied.add(msg.id);
    tally(outcomes, msg.type === 'answer' ? (msg.answer.answerable ? 'answered' : 'answered (declined)') : msg.error.code);
  });
  for (let i = 0; i < N; i++) ws.send(JSON.stringify({ type: 'ask', id: String(i), question: QUESTIONS[i % QUESTIONS.length] }));
  const code = await within(30_000, 'the flooding socket closing', closed);
  tally(outcomes, 'no reply (arrived after the close)', N - replied.size);
  server.child.kill('SIGTERM');
  await within(20_000, 'the server exiting', server.exited);
  return { n: N, outcomes, code };
}

// --- 4. slow request bodies -------------------------------------------------------------------------

/** A GET or POST from a given local address: status and milliseconds, or the error. */
function timedRequest(port: number, localAddress: string, method: 'GET' | 'POST', path: string, body?: string) {
  const started = performance.now();
  return new Promise<{ status: number | string; ms: number }>((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        localAddress,
        agent: false,
        headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {},
        timeout: 5000,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', (err) => resolve({ status: err.message, ms: performance.now() - started }));
    req.end(body);
  });
}

/** A POST whose body comes one byte every `dripMs`; resolves with what the server did and when. */
function slowPost(port: number, localAddress: string, dripMs: number) {
  const socket: Socket = tcpConnect({ port, host: '127.0.0.1', localAddress });
  const started = performance.now();
  let text = '';
  socket.setEncoding('latin1');
  socket.on('data', (d: string) => (text += d));
  socket.on('error', () => {});
  socket.write('POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{');
  const drip = setInterval(() => socket.writable && socket.write(' '), dripMs);
  const done = new Promise<{ outcome: string; ms: number }>((resolve) =>
    socket.on('close', () => {
      clearInterval(drip);
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
      const code = /"code":"([a-z_]+)"/.exec(text)?.[1];
      resolve({ outcome: status ? `${status} ${code ?? ''}`.trim() : 'closed without a reply', ms: performance.now() - started });
    }),
  );
  return { socket, done };
}

async function slowBodies() {
  const REQUEST_TIMEOUT_MS = 5000; // short, so that the bench is (the default is 15 s)
  const server = await startServer({ REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS), SHUTDOWN_TIMEOUT_MS: '10000' });
  const N = 1000;
  const slow: Array<ReturnType<typeof slowPost>> = [];
  for (let i = 0; i < N; i++) {
    slow.push(slowPost(server.port, '127.0.0.1', 2000));
    if (i % 100 === 99) await sleep(10);
  }
  // Another client meanwhile: a /healthz probe and an ask, every 200 ms, until the slow ones are gone.
  const probes = { healthz: [] as Array<{ status: number | string; ms: number }>, asks: [] as Array<{ status: number | string; ms: number }> };
  let probing = true;
  const prober = (async () => {
    while (probing) {
      probes.healthz.push(await timedRequest(server.port, '127.0.0.2', 'GET', '/healthz'));
      probes.asks.push(await timedRequest(server.port, '127.0.0.2', 'POST', '/v1/ask', JSON.stringify({ question: QUESTIONS[probes.asks.length % QUESTIONS.length] })));
      await sleep(200);
    }
  })();
  const results = await within(REQUEST_TIMEOUT_MS + 20_000, 'the slow connections closing', Promise.all(slow.map((s) => s.done)));
  probing = false;
  await prober;
  const outcomes = new Map<string, number>();
  const timedOut: number[] = [];
  for (const r of results) {
    tally(outcomes, r.outcome);
    if (r.outcome.startsWith('408')) timedOut.push(r.ms);
  }
  // SIGTERM with one slow request open (REQUEST_TIMEOUT_MS far away: only the shutdown can end it).
  const last = slowPost(server.port, '127.0.0.3', 200);
  await sleep(500);
  const signalled = performance.now();
  server.child.kill('SIGTERM');
  const [code] = await within(20_000, 'the server exiting', server.exited);
  const exitMs = Math.round(performance.now() - signalled);
  const lastOutcome = await last.done;
  const summary = (list: Array<{ status: number | string; ms: number }>) => ({
    ok: list.filter((p) => p.status === 200).length,
    n: list.length,
    failures: [...new Set(list.filter((p) => p.status !== 200).map((p) => String(p.status)))],
    maxMs: Math.max(...list.map((p) => p.ms)),
  });
  return {
    n: N,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    outcomes,
    timedOut: timedOut.length > 0 ? { min: Math.min(...timedOut), max: Math.max(...timedOut) } : null,
    healthz: summary(probes.healthz),
    asks: summary(probes.asks),
    code,
    exitMs,
    lastOutcome,
  };
}

// --- main ---------------------------------------------------------------------------------------

const fmt = (m: Map<string, number>) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');

console.log('policy-qa abuse bench (127.0.0.1, server = node --import tsx src/main.ts)\n');
process.on('exit', () => {
  for (const child of servers) if (child.exitCode === null) child.kill('SIGKILL');
});

let t0 = performance.now();
const only = process.argv[2];
if (only === undefined) {
  const s1 = await sigtermUnderLoad();
  console.log(`1. SIGTERM under load (20 sockets each keeping 8 asks in flight for 2 s; rate limits raised; ${Math.round(performance.now() - t0)} ms)`);
  console.log(`   asks sent before the signal: ${s1.sentBeforeSignal}; unanswered when it came: ${s1.inflightAtSignal}`);
  console.log(`   what those ${s1.inflightAtSignal} got: ${fmt(s1.before)}`);
  console.log(`   asks sent after the signal (clients kept asking until told shutting_down): ${fmt(s1.after)}`);
  console.log(`   close codes: ${fmt(s1.closes)}; exit status ${s1.code}, ${s1.exitMs} ms after SIGTERM\n`);

  for (const [label, env] of [
    ['rate limits raised, so that only the unread limit stands in the way', UNTHROTTLED],
    ['default limits', {}],
  ] as const) {
    t0 = performance.now();
    const s2 = await nonReadingClients(env);
    console.log(`2. ${s2.clients} clients that never read, ${s2.asks} asks each (${s2.written} written; ${label}; WS_MAX_UNREAD_BYTES=1 MiB; ${Math.round(performance.now() - t0)} ms)`);
    console.log(
      `   server RSS: ${s2.before.toFixed(1)} MiB before, ${s2.peak.toFixed(1)} MiB peak (+${(s2.peak - s2.before).toFixed(1)} MiB, ` +
        `${((s2.peak - s2.before) / s2.clients).toFixed(2)} MiB per client), ${s2.end.toFixed(1)} MiB after`,
    );
    console.log(`   RSS peak after each quarter of the asks: ${s2.checkpoints.map((c) => `${c.toFixed(1)} MiB`).join(', ')}`);
    console.log(
      `   Buffers (external memory, where unread replies live): ${s2.memBefore.external.toFixed(1)} MiB before, ` +
        `${s2.externalPeak.toFixed(1)} MiB highest sampled, ${s2.memAfter.external.toFixed(1)} MiB after; ` +
        `JS heap used ${s2.memBefore.heap.toFixed(1)} → ${s2.memAfter.heap.toFixed(1)} MiB (garbage not yet collected included)`,
    );
    console.log(
      `   asks answered: ${s2.answered}, too_many_inflight: ${s2.refused}, rate_limited: ${s2.limited}; ` +
        `sockets terminated (unread limit): ${s2.terminated}, closed 1008 (abuse): ${s2.closed1008}, still open: ${s2.open}\n`,
    );
  }

  t0 = performance.now();
  const s3 = await flood();
  console.log(`3. ${s3.n} asks sent at once from one socket (default limits; ${Math.round(performance.now() - t0)} ms)`);
  console.log(`   ${fmt(s3.outcomes)}`);
  console.log(`   closed with ${s3.code}`);
}

t0 = performance.now();
const s4 = await slowBodies();
console.log(
  `4. ${s4.n} connections from one address each sending a POST body one byte every 2 s (REQUEST_TIMEOUT_MS=${s4.requestTimeoutMs}, ` +
    `default MAX_CONNECTIONS_PER_IP; ${Math.round(performance.now() - t0)} ms)`,
);
console.log(`   what they got: ${fmt(s4.outcomes)}`);
if (s4.timedOut) console.log(`   the accepted ones were closed ${(s4.timedOut.min / 1000).toFixed(1)}–${(s4.timedOut.max / 1000).toFixed(1)} s after they began`);
console.log(
  `   another address meanwhile: /healthz ${s4.healthz.ok}/${s4.healthz.n} answered (slowest ${s4.healthz.maxMs.toFixed(0)} ms), ` +
    `asks ${s4.asks.ok}/${s4.asks.n} answered (slowest ${s4.asks.maxMs.toFixed(0)} ms)` +
    (s4.healthz.failures.length + s4.asks.failures.length > 0 ? `; failures: ${[...s4.healthz.failures, ...s4.asks.failures].join(', ')}` : ''),
);
console.log(`   SIGTERM with one slow request open: exit status ${s4.code} after ${s4.exitMs} ms (SHUTDOWN_TIMEOUT_MS=10000); that request: ${s4.lastOutcome.outcome}`);
