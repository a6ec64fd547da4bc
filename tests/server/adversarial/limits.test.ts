/**
 * Targeted abuse of the WebSocket and HTTP limits: oversized and invalid frames, deep nesting,
 * floods, too many sockets, idle and dead peers, clients that never read. Real sockets where a
 * close code or a byte-level frame matters.
 */
import t from 'tap';
import { ERROR_CODES } from '../../../src/errors.ts';
import { parseClientFrame } from '../../../src/protocol/ws.ts';
import { ChatSession } from '../../../src/server/chat.ts';
import { IndexHolder } from '../../../src/server/index-holder.ts';
import {
  buildTestApp,
  captureLogger,
  connectChat,
  injectChat,
  listen,
  loadIndex,
  testConfig,
  type ChatClient,
  type Msg,
} from '../../helper.ts';
import { rawConnect } from '../raw-ws.ts';

const ask = (id: string, question = 'Is my data transferred to Japan?') => ({ type: 'ask', id, question });

/** Wait (polling, at most ~5 s) until `cond()` holds. */
async function waitUntil(cond: () => boolean): Promise<boolean> {
  for (let i = 0; i < 1000 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  return cond();
}

t.test('invalid UTF-8 in a text frame → close 1007 (raw frame over TCP), logged as one line without a stack', async (t) => {
  const log = captureLogger();
  const app = await buildTestApp(t, { logger: log.logger });
  const { port } = await listen(app);
  const raw = await rawConnect(port);
  t.teardown(() => raw.socket.destroy());
  const ready = await raw.next();
  t.equal(ready.opcode, 0x1, 'ready is a text frame');
  t.equal(JSON.parse(ready.payload.toString()).type, 'ready');
  // {"type":"ping"} with a lone continuation byte and an overlong encoding in a string.
  raw.send(0x1, Buffer.concat([Buffer.from('{"type":"ask","id":"u","question":"'), Buffer.from([0xc0, 0xaf, 0x80]), Buffer.from('"}')]));
  t.equal(await raw.closeCode(), 1007, 'closed with 1007 (invalid frame payload data)');
  t.ok(await waitUntil(() => log.lines.some((l) => l.msg === 'ws closed: protocol error')), 'logged');
  const lines = log.lines.filter((l) => l.msg === 'ws closed: protocol error' || l.msg === 'websocket error');
  t.equal(lines.length, 1, 'one line');
  t.equal(lines[0]?.level, 30, 'at info: the client is at fault, not the server');
  t.equal(lines[0]?.wsError, 'WS_ERR_INVALID_UTF8');
  t.notMatch(JSON.stringify(lines[0]), /stack|\n\s+at /, 'no stack');
});

t.test('an unmasked client frame → close 1002 (protocol error)', async (t) => {
  const app = await buildTestApp(t);
  const { port } = await listen(app);
  const raw = await rawConnect(port);
  t.teardown(() => raw.socket.destroy());
  await raw.next();
  const payload = Buffer.from('{"type":"ping"}');
  raw.socket.write(Buffer.concat([Buffer.from([0x81, payload.length]), payload]));
  t.equal(await raw.closeCode(), 1002, 'closed with 1002, as docs/errors.md lists');
});

t.test('a binary frame → invalid_message and the socket stays open; an oversized raw frame → 1009', async (t) => {
  const app = await buildTestApp(t, { env: { WS_MAX_PAYLOAD: '16384' } });
  const { port } = await listen(app);
  const raw = await rawConnect(port);
  t.teardown(() => raw.socket.destroy());
  await raw.next(); // ready
  raw.send(0x2, Buffer.from('{"type":"ping"}'));
  const err = JSON.parse((await raw.next()).payload.toString());
  t.equal(err.error.code, 'invalid_message');
  raw.send(0x1, Buffer.from('{"type":"ping"}'));
  t.same(JSON.parse((await raw.next()).payload.toString()), { type: 'pong' }, 'still open');
  raw.send(0x1, Buffer.alloc(16_385, 0x20));
  t.equal(await raw.closeCode(), 1009, 'a 16385-byte frame with WS_MAX_PAYLOAD=16384 → 1009');
});

t.test('fragmented messages count as a whole against maxPayload', async (t) => {
  const app = await buildTestApp(t, { env: { WS_MAX_PAYLOAD: '16384' } });
  const { port } = await listen(app);
  const raw = await rawConnect(port);
  t.teardown(() => raw.socket.destroy());
  await raw.next();
  raw.send(0x1, Buffer.alloc(10_000, 0x20), false);
  raw.send(0x0, Buffer.alloc(10_000, 0x20), true);
  t.equal(await raw.closeCode(), 1009, 'two 10 000-byte fragments of one message → 1009');
});

t.test('deep nesting: the frame parser returns a code, never a stack overflow', async (t) => {
  const limits = { maxQuestionLength: 1000 };
  const depth = 100_000;
  const arrays = '['.repeat(depth) + ']'.repeat(depth);
  t.match(parseClientFrame(arrays, limits), { ok: false, error: { code: 'invalid_message' } }, '100k nested arrays');
  const objects = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
  t.match(parseClientFrame(objects, limits), { ok: false, error: { code: 'invalid_message' } }, '100k nested objects');
  const inQuestion = `{"type":"ask","id":"d","question":${arrays}}`;
  t.match(parseClientFrame(inQuestion, limits), { ok: false, id: 'd', error: { code: 'invalid_message' } }, 'nested in the question');
  const inExtra = `{"type":"ask","id":"d","question":"hi","x":${objects}}`;
  t.match(parseClientFrame(inExtra, limits), { ok: false, id: 'd', error: { code: 'invalid_message' } }, 'nested in an unknown key');
  const proto = `{"type":"ask","id":"p","question":"hi","documentId":${'['.repeat(5000)}{"__proto__":{"x":1}}${']'.repeat(5000)}}`;
  t.match(parseClientFrame(proto, limits), { ok: false, error: { code: 'invalid_message' } }, '__proto__ deep inside');
  const unclosed = '['.repeat(depth);
  t.match(parseClientFrame(unclosed, limits), { ok: false, error: { code: 'invalid_json' } }, '100k unclosed arrays');
});

t.test('deep nesting over the socket: within maxPayload → invalid_message; 100k levels → 1009', async (t) => {
  const app = await buildTestApp(t, { env: { WS_MAX_PAYLOAD: '65536' } });
  const { ws } = await listen(app);
  const client = await connectChat(t, ws);
  await client.next();
  const depth = 30_000; // 60 kB
  client.sendRaw(`{"type":"ask","id":"deep","question":${'['.repeat(depth)}${']'.repeat(depth)}}`);
  const reply = await client.next();
  t.match(reply, { type: 'error', id: 'deep', error: { code: 'invalid_message' } });
  client.send({ type: 'ping' });
  t.same(await client.next(), { type: 'pong' }, 'still open');
  client.sendRaw('['.repeat(100_000) + ']'.repeat(100_000));
  t.equal((await client.closed).code, 1009, '100k nested arrays (200 kB) exceed any allowed maxPayload');
  // The server is fine.
  const again = await connectChat(t, ws);
  t.equal((await again.next()).type, 'ready');
});

t.test('deep nesting over HTTP: invalid_body within the body limit, 413 beyond it', async (t) => {
  const app = await buildTestApp(t);
  const json = { 'content-type': 'application/json' };
  const depth = 8000; // 16 kB
  const deep = await app.inject({ method: 'POST', url: '/v1/ask', headers: json, payload: `{"question":${'['.repeat(depth)}${']'.repeat(depth)}}` });
  t.equal(deep.statusCode, 400);
  t.equal(deep.json().error.code, 'invalid_body');
  const huge = await app.inject({ method: 'POST', url: '/v1/ask', headers: json, payload: '['.repeat(100_000) + ']'.repeat(100_000) });
  t.equal(huge.statusCode, 413);
  t.equal(huge.json().error.code, 'payload_too_large');
  const protoDeep = `{"question":"hi","documentId":${'['.repeat(100)}{"__proto__":{"x":1}}${']'.repeat(100)}}`;
  const proto = await app.inject({ method: 'POST', url: '/v1/ask', headers: json, payload: protoDeep });
  t.equal(proto.statusCode, 400, '__proto__ nested in the body');
  t.equal(({} as Record<string, unknown>).x, undefined, 'Object.prototype not polluted');
});

t.test('HTTP bodies: numbers, arrays, unknown keys, huge numbers → 400 with a stable code', async (t) => {
  const app = await buildTestApp(t);
  const json = { 'content-type': 'application/json' };
  const cases: Array<[string, string]> = [
    ['{"question": 12345}', 'invalid_body'],
    ['{"question": 1e999999}', 'invalid_body'],
    ['{"question": ["Japan?"]}', 'invalid_body'],
    ['[{"question": "Japan?"}]', 'invalid_body'],
    ['{"question": "Japan?", "admin": true}', 'invalid_body'],
    ['{"question": "Japan?", "conversationId": 123456789012345678901234567890}', 'invalid_body'],
    ['{"question": "Japan?", "constructor": {"prototype": {"x": 1}}}', 'invalid_json'],
    ['"Japan?"', 'invalid_body'],
    ['true', 'invalid_body'],
  ];
  for (const [payload, code] of cases) {
    const res = await app.inject({ method: 'POST', url: '/v1/ask', headers: json, payload });
    t.equal(res.statusCode, 400, `${payload.slice(0, 50)} → 400`);
    t.equal(res.json().error.code, code, `${payload.slice(0, 50)} → ${code}`);
  }
});

t.test('Unicode: NFC and invisible characters are handled the same on both transports', async (t) => {
  const log = captureLogger();
  const app = await buildTestApp(t, { logger: log.logger });
  const composed = 'Is my data transferred to Japan, café?';
  const decomposed = 'Is my data\u200B transferred to \u202EJapan\u202C, cafe\u0301?\u0000';
  await app.inject({ method: 'POST', url: '/v1/ask', payload: { question: decomposed } });
  const client = await injectChat(t, app);
  await client.next();
  client.send({ type: 'ask', id: 'u1', question: composed });
  client.send({ type: 'ask', id: 'u2', question: `\uFEFF${decomposed}\u2066` });
  await client.take(2);
  const lines = log.lines.filter((l) => l.outcome === 'answered');
  t.equal(lines.length, 3, 'three answered asks');
  const hashes = new Set(lines.map((l) => l.questionHash));
  t.equal(hashes.size, 1, 'the same cleaned question on both transports (same keyed hash)');
  t.same(new Set(lines.map((l) => l.questionLength)), new Set([composed.length]), 'same length after clean-up');
});

t.test('a flood from one socket: rate_limited with retryAfterMs, then 1008 when it goes on', async (t) => {
  const app = await buildTestApp(t, {
    env: { WS_ASK_BURST: '3', WS_ASKS_PER_MINUTE: '6', WS_MAX_INFLIGHT: '64', WS_ABUSE_LIMIT: '5', WS_ABUSE_WINDOW_MS: '60000' },
  });
  const { ws } = await listen(app);
  const client = await connectChat(t, ws);
  await client.next();
  for (let i = 0; i < 20; i++) client.send(ask(`f${i}`));
  const closed = await client.closed;
  const replies = client.unread();
  const answered = replies.filter((m) => m.type === 'answer').map((m) => m.id);
  const limited = replies.filter((m) => m.error?.code === 'rate_limited');
  t.same(answered.sort(), ['f0', 'f1', 'f2'], 'the burst (3) is answered, even though the socket is then closed');
  t.same(limited.slice(0, 5).map((m) => m.id), ['f3', 'f4', 'f5', 'f6', 'f7'], 'then rate_limited, up to the abuse limit (5)');
  for (const m of limited) {
    t.type(m.error.retryAfterMs, 'number', `${m.id}: retryAfterMs`);
    t.ok(m.error.retryAfterMs > 0 && m.error.retryAfterMs <= 10_000, `${m.id}: retryAfterMs ${m.error.retryAfterMs} ≤ one refill (10 s)`);
  }
  const ids = replies.map((m) => m.id);
  t.equal(new Set(ids).size, ids.length, 'never two replies to one ask');
  t.ok(replies.every((m) => m.type === 'answer' || m.error?.code === 'rate_limited'), 'nothing but answers and rate_limited');
  t.equal(closed.code, 1008, 'closed with 1008 (policy violation)');
  t.match(closed.reason, /rate limit/);
});

t.test('the per-IP bucket is shared by all sockets of one address', async (t) => {
  const app = await buildTestApp(t, {
    env: { WS_ASK_BURST: '100', WS_IP_ASK_BURST: '4', WS_IP_ASKS_PER_MINUTE: '1', WS_ABUSE_LIMIT: '100' },
  });
  const { ws } = await listen(app);
  const a = await connectChat(t, ws);
  const b = await connectChat(t, ws);
  await a.next();
  await b.next();
  for (let i = 0; i < 3; i++) a.send(ask(`a${i}`));
  const fromA = await a.take(3);
  t.same(fromA.map((m) => m.type), ['answer', 'answer', 'answer']);
  b.send(ask('b0'));
  b.send(ask('b1'));
  const fromB = Object.fromEntries((await b.take(2)).map((m) => [m.id, m]));
  t.equal(fromB.b0?.type, 'answer', 'the fourth ask from the address is answered');
  t.equal(fromB.b1?.error?.code, 'rate_limited', 'the fifth, on another socket, is over the per-IP budget');
  t.ok(fromB.b1?.error.retryAfterMs > 0);
});

t.test('a rate-limited ask is told when to come back, and is accepted then', async (t) => {
  let now = 1_000_000;
  const config = testConfig({ WS_ASK_BURST: '2', WS_ASKS_PER_MINUTE: '60', WS_ABUSE_LIMIT: '100' });
  const sent: Msg[] = [];
  const socket = { readyState: 1, bufferedAmount: 0, send: (d: string) => sent.push(JSON.parse(d)), close() {}, terminate() {} };
  const deps = { config, indexHolder: new IndexHolder(await loadIndex()), now: () => now };
  const session = new ChatSession(socket as never, deps, captureLogger().logger);
  const frame = (id: string) => Buffer.from(JSON.stringify(ask(id)));
  session.onMessage(frame('1'), false);
  session.onMessage(frame('2'), false);
  session.onMessage(frame('3'), false);
  for (let i = 0; i < 20 && sent.length < 3; i++) await new Promise((r) => setImmediate(r));
  t.match(sent[2], { id: '3', error: { code: 'rate_limited', retryAfterMs: 1000 } }, 'the third ask waits one refill (1 s at 60/min), told after the two answers');
  now += 1000;
  session.onMessage(frame('4'), false);
  t.equal(session.inflight, 1, 'after the refill the next ask is queued (the first two were answered meanwhile)');
  session.onClose();
});

t.test('too many sockets from one IP, or in total → 1013 "try again later"', async (t) => {
  const app = await buildTestApp(t, { env: { WS_MAX_SOCKETS_PER_IP: '3', WS_MAX_SOCKETS: '100' } });
  const { ws } = await listen(app);
  const open: ChatClient[] = [];
  for (let i = 0; i < 3; i++) {
    const c = await connectChat(t, ws);
    t.equal((await c.next()).type, 'ready', `socket ${i + 1} of 3`);
    open.push(c);
  }
  const fourth = await connectChat(t, ws);
  const closed = await fourth.closed;
  t.equal(closed.code, 1013, 'the fourth from the same IP → 1013');
  t.match(closed.reason, /try again later/);
  open[0]!.ws.close();
  await open[0]!.closed;
  t.ok(await waitUntil(() => app.websocketServer.clients.size === 2), 'the server saw the close');
  const again = await connectChat(t, ws);
  t.equal((await again.next()).type, 'ready', 'a slot freed by a close can be used again');

  const total = await buildTestApp(t, { env: { WS_MAX_SOCKETS: '2' } });
  const addr = await listen(total);
  const x = await connectChat(t, addr.ws);
  const y = await connectChat(t, addr.ws);
  await x.next();
  await y.next();
  const z = await connectChat(t, addr.ws);
  t.equal((await z.closed).code, 1013, 'over WS_MAX_SOCKETS in total → 1013');
  const metrics = await (await fetch(`${addr.http}/metrics`)).text();
  t.match(metrics, /policyqa_ws_refused_total\{reason="capacity"\} 1/);
  t.match(metrics, /policyqa_ws_open_sockets 2/);
});

t.test('an idle socket is closed with 1000 "idle timeout"', async (t) => {
  const app = await buildTestApp(t, { env: { WS_IDLE_TIMEOUT_MS: '1000' } });
  const { ws } = await listen(app);
  const client = await connectChat(t, ws);
  await client.next();
  const closed = await client.closed;
  t.equal(closed.code, 1000);
  t.equal(closed.reason, 'idle timeout');
});

t.test('a peer that does not answer pings is dropped by the heartbeat', async (t) => {
  const app = await buildTestApp(t, { env: { WS_HEARTBEAT_MS: '500' } });
  const { ws } = await listen(app);
  const { default: WebSocket } = await import('ws');
  const dead = new WebSocket(ws, { autoPong: false });
  const alive = await connectChat(t, ws);
  t.teardown(() => dead.terminate());
  const closed = new Promise<number>((resolve) => dead.on('close', (code) => resolve(code)));
  dead.on('error', () => {});
  await alive.next();
  t.equal(await closed, 1006, 'terminated without a closing handshake (the client sees 1006)');
  alive.send({ type: 'ping' });
  t.same(await alive.next(), { type: 'pong' }, 'a peer that answers pings stays');
});

t.test('a client that never reads: asks refused past a quarter of the unread limit, terminated past it', async (t) => {
  const log = captureLogger();
  const app = await buildTestApp(t, {
    env: { WS_MAX_UNREAD_BYTES: '65536', WS_ASK_BURST: '100000', WS_ASKS_PER_MINUTE: '1000000', WS_IP_ASK_BURST: '100000', WS_MAX_INFLIGHT: '64' },
    logger: log.logger,
  });
  const client = await injectChat(t, app);
  await client.next();
  // Stop reading: the in-memory pipe fills and the server's send buffer grows.
  (client.ws as unknown as { _socket: { pause(): void } })._socket.pause();
  const [server] = [...app.websocketServer.clients];
  let maxBuffered = 0;
  let sent = 0;
  while (server!.readyState === 1 && sent < 5000) {
    client.send(ask(`s${sent++}`));
    await new Promise((r) => setImmediate(r));
    maxBuffered = Math.max(maxBuffered, server!.bufferedAmount);
  }
  t.ok(server!.readyState !== 1, `the server gave up on the socket after ${sent} asks`);
  t.ok(maxBuffered <= 65_536 + 16_384, `its send buffer stayed bounded (max ${maxBuffered} bytes)`);
  t.ok(log.lines.some((l) => l.msg === 'ws terminated' && l.reason === 'unread_limit'), 'logged as unread_limit');
  t.ok(log.lines.some((l) => l.msg === 'ask refused: too many in flight'), 'asks were refused before that');
});

t.test('shutdown drain: queued asks are answered, later asks get shutting_down, then 1001', async (t) => {
  const sent: Msg[] = [];
  const closes: Array<[number, string]> = [];
  const socket = {
    readyState: 1,
    bufferedAmount: 0,
    send: (d: string) => sent.push(JSON.parse(d)),
    close(code: number, reason: string) {
      closes.push([code, reason]);
      this.readyState = 2;
    },
    terminate() {},
  };
  const deps = { config: testConfig(), indexHolder: new IndexHolder(await loadIndex()) };
  const session = new ChatSession(socket as never, deps, captureLogger().logger);
  session.onMessage(Buffer.from(JSON.stringify(ask('q1'))), false);
  session.onMessage(Buffer.from(JSON.stringify(ask('q2'))), false);
  session.drain();
  session.onMessage(Buffer.from(JSON.stringify(ask('late'))), false);
  t.same(closes, [], 'not closed while asks are queued');
  t.ok(await waitUntil(() => closes.length > 0), 'closed in the end');
  t.same(sent.map((m) => [m.type, m.id]), [['answer', 'q1'], ['answer', 'q2'], ['error', 'late']], 'the queued asks are answered, then the late one is refused (in order)');
  t.match(sent[2], { type: 'error', id: 'late', error: { code: 'shutting_down' } }, 'an ask after the drain began');
  t.same(closes, [[1001, 'server shutting down']], 'then closed with 1001');
  session.onClose();
});

t.test('every code a client can receive is in the error table', async (t) => {
  for (const code of ['rate_limited', 'too_many_inflight', 'shutting_down', 'forbidden_origin', 'unauthorized']) {
    t.ok((ERROR_CODES as string[]).includes(code), code);
  }
});

t.test('32 sockets from one address that wait as told: every ask answered, no 1008', async (t) => {
  // Tight limits so that the address's bucket runs dry at once and every socket is refused
  // several times; a strict abuse limit so that a single refusal counted wrongly would close one.
  const app = await buildTestApp(t, {
    env: {
      WS_ASK_BURST: '2',
      WS_ASKS_PER_MINUTE: '600',
      WS_IP_ASK_BURST: '8',
      WS_IP_ASKS_PER_MINUTE: '6000',
      WS_ABUSE_LIMIT: '2',
      WS_ABUSE_WINDOW_MS: '60000',
    },
  });
  const { ws } = await listen(app);
  const SOCKETS = 32;
  const ASKS = 6;
  const clients = await Promise.all(Array.from({ length: SOCKETS }, () => connectChat(t, ws)));
  await Promise.all(clients.map((c) => c.next()));
  let refusals = 0;
  const politely = async (c: ChatClient, s: number) => {
    const answered: string[] = [];
    for (let i = 0; i < ASKS; i++) {
      const id = `${s}-${i}`;
      for (;;) {
        c.send(ask(id));
        const m = await c.next(20_000);
        if (m.type === 'answer') {
          answered.push(m.id);
          break;
        }
        if (m.error?.code !== 'rate_limited') throw new Error(`${id}: ${JSON.stringify(m)}`);
        refusals++;
        await new Promise((r) => setTimeout(r, m.error.retryAfterMs));
      }
    }
    return answered;
  };
  const results = await Promise.all(clients.map(politely));
  t.ok(refusals > SOCKETS, `the limits were hit (${refusals} rate_limited replies)`);
  results.forEach((ids, s) => t.same(ids, Array.from({ length: ASKS }, (_, i) => `${s}-${i}`), `socket ${s}: every ask answered`));
  t.ok(clients.every((c) => c.isOpen()), 'no socket was closed');
});

t.test('retryAfterMs is a promise: the retry is accepted even when other sockets of the address asked meanwhile; an early retry counts as abuse', async (t) => {
  let now = 1_000_000;
  const config = testConfig({ WS_ASK_BURST: '100', WS_IP_ASK_BURST: '1', WS_IP_ASKS_PER_MINUTE: '60', WS_ABUSE_LIMIT: '2' });
  const { TokenBucket } = await import('../../../src/server/limits.ts');
  const ipBucket = new TokenBucket(config.limits.wsIpAskBurst, config.limits.wsIpAsksPerMinute, now);
  const deps = { config, indexHolder: new IndexHolder(await loadIndex()), now: () => now };
  const mock = () => {
    const sent: Msg[] = [];
    let closedWith: number | null = null;
    const socket = { readyState: 1, bufferedAmount: 0, send: (d: string) => sent.push(JSON.parse(d)), close: (code: number) => (closedWith = code), terminate() {} };
    const session = new ChatSession(socket as never, deps, captureLogger().logger, { ipBucket });
    return { sent, session, closed: () => closedWith };
  };
  const a = mock();
  const b = mock();
  const frame = (id: string) => Buffer.from(JSON.stringify(ask(id)));
  a.session.onMessage(frame('a1'), false); // the address's one token
  b.session.onMessage(frame('b1'), false); // refused: reserves the next token (in 1 s)
  a.session.onMessage(frame('a2'), false); // refused: reserves the one after (in 2 s)
  for (let i = 0; i < 50 && a.sent.length < 2; i++) await new Promise((r) => setImmediate(r));
  const wait = (m: Msg[]) => m.find((x) => x.error?.code === 'rate_limited')?.error.retryAfterMs;
  t.equal(wait(b.sent), 1000, 'b is told 1 s');
  t.equal(wait(a.sent), 2000, 'a is told 2 s: behind b, not racing it');
  now += 1000;
  b.session.onMessage(frame('b1'), false);
  t.equal(b.session.inflight, 1, 'b, back on time, is accepted');
  a.session.onMessage(frame('a2'), false);
  a.session.onMessage(frame('a2'), false);
  t.equal(a.closed(), 1008, 'a, back twice before its time, reaches the abuse limit (2)');
  a.session.onClose();
  b.session.onClose();
});

t.test('replies keep the order of the asks: an error never overtakes an earlier answer', async (t) => {
  const config = testConfig({ WS_MAX_INFLIGHT: '2', WS_ASK_BURST: '4', WS_ABUSE_LIMIT: '100' });
  const sent: Msg[] = [];
  const socket = { readyState: 1, bufferedAmount: 0, send: (d: string) => sent.push(JSON.parse(d)), close() {}, terminate() {} };
  const session = new ChatSession(socket as never, { config, indexHolder: new IndexHolder(await loadIndex()) }, captureLogger().logger);
  const frame = (m: unknown) => Buffer.from(JSON.stringify(m));
  // All six arrive before the first is answered (as they do when they come in one TCP read).
  session.onMessage(frame(ask('1')), false);
  session.onMessage(frame(ask('2')), false);
  session.onMessage(frame(ask('3')), false); // a third in flight: too_many_inflight
  session.onMessage(frame({ type: 'ask', id: '4' }), false); // no question: invalid_message
  session.onMessage(frame({ type: 'ping' }), false); // a pong is not an answer: at once
  session.onMessage(frame(ask('5')), false); // still two in flight: too_many_inflight
  session.onMessage(frame(ask('6')), false); // over the burst of 4: rate_limited
  t.same(sent.map((m) => m.type), ['pong'], 'nothing but the pong before the first answer');
  for (let i = 0; i < 20 && sent.length < 7; i++) await new Promise((r) => setImmediate(r));
  const replies = sent.slice(1);
  t.same(replies.map((m) => m.id), ['1', '2', '3', '4', '5', '6'], 'in the order asked');
  t.same(
    replies.map((m) => (m.type === 'answer' ? 'answer' : m.error.code)),
    ['answer', 'answer', 'too_many_inflight', 'invalid_message', 'too_many_inflight', 'rate_limited'],
  );
  session.onClose();
});
