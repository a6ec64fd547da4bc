/** The WebSocket protocol `policyqa.v1` on `/v1/chat`, against the real corpus. */
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import { ServerMessage } from '../../src/protocol/ws.ts';
import { ChatSession } from '../../src/server/chat.ts';
import { IndexHolder } from '../../src/server/index-holder.ts';
import {
  WEBPROS,
  buildTestApp,
  captureLogger,
  connectChat,
  injectChat,
  loadIndex,
  testConfig,
  type ChatClient,
  type Msg,
} from '../helper.ts';

/** Every message the server sends must match the protocol schema. */
async function nextValid(t: Test, client: ChatClient) {
  const msg = await client.next();
  const parsed = ServerMessage.safeParse(msg);
  t.ok(parsed.success, `server message of type ${msg?.type} matches the protocol schema`);
  return msg;
}

/** After any error the socket must still work: a ping still gets a pong. */
async function stillOpen(t: Test, client: ChatClient) {
  client.send({ type: 'ping' });
  t.same(await client.next(), { type: 'pong' }, 'socket still open: ping → pong');
}

t.test('on connect the server sends ready with the documents and limits', async (t) => {
  const app = await buildTestApp(t, { env: { MAX_QUESTION_LENGTH: '500', WS_MAX_INFLIGHT: '4' } });
  const client = await injectChat(t, app);
  const ready = await nextValid(t, client);
  t.same(ready, {
    type: 'ready',
    protocol: 'policyqa.v1',
    documents: [WEBPROS],
    documentCount: 1,
    limits: { maxQuestionLength: 500, maxPayload: 32768, maxInflight: 4, askBurst: 10, asksPerMinute: 60 },
  });
});

t.test('ask → one answer with the same id and cited clause excerpts', async (t) => {
  const app = await buildTestApp(t);
  const client = await injectChat(t, app);
  await client.next(); // ready
  client.send({ type: 'ask', id: 'q-1', question: 'Is my data transferred to Japan?' });
  const msg = await nextValid(t, client);
  t.equal(msg.type, 'answer');
  t.equal(msg.id, 'q-1', 'same id');
  t.type(msg.answer.text, 'string');
  t.ok(msg.answer.text.length > 0, 'non-empty answer text');
  t.ok(msg.answer.citations.length > 0, 'cites at least one clause');
  const index = await loadIndex();
  const doc = index.getDocument(WEBPROS)!;
  for (const c of msg.answer.citations) {
    t.equal(doc.text.slice(c.start, c.end), c.excerpt, `citation ${c.clauseId} is a verbatim excerpt`);
  }
  t.ok(
    msg.answer.citations.some((c: { excerpt: string }) => /Japan/.test(c.excerpt)),
    'an excerpt mentions Japan',
  );
  await stillOpen(t, client);
});

t.test('an ask restricted to a document answers from that document', async (t) => {
  const app = await buildTestApp(t);
  const client = await injectChat(t, app);
  await client.next();
  client.send({ type: 'ask', id: 'd', question: 'Who can I contact about my data?', documentId: WEBPROS });
  const msg = await nextValid(t, client);
  t.equal(msg.type, 'answer');
  for (const c of msg.answer.citations) t.equal(c.documentId, WEBPROS);
});

t.test('several asks in flight each get exactly one reply, matched by id', async (t) => {
  const app = await buildTestApp(t);
  const client = await injectChat(t, app);
  await client.next();
  const questions: Record<string, string> = {
    a: 'Is my data transferred to Japan?',
    b: 'Who is the contact for data subject rights?',
    c: '   ',
    d: 'Which companies belong to the WebPros group?',
  };
  for (const [id, question] of Object.entries(questions)) client.send({ type: 'ask', id, question });
  const replies = await client.take(4);
  const byId = new Map(replies.map((m) => [m.id, m]));
  t.same([...byId.keys()].sort(), ['a', 'b', 'c', 'd'], 'one reply per id');
  t.equal(byId.get('a').type, 'answer');
  t.equal(byId.get('b').type, 'answer');
  t.equal(byId.get('d').type, 'answer');
  t.same(byId.get('c').error.code, 'empty_question', 'the bad one gets its own error, the others still answer');
  // No extra messages: the next one is the pong to our ping.
  await stillOpen(t, client);
});

t.test('ping → pong', async (t) => {
  const app = await buildTestApp(t);
  const client = await injectChat(t, app);
  await client.next();
  client.send({ type: 'ping' });
  t.same(await nextValid(t, client), { type: 'pong' });
});

t.test('every kind of bad input gets its own code and the socket stays open', async (t) => {
  const app = await buildTestApp(t, { env: { MAX_QUESTION_LENGTH: '50' } });
  const client = await injectChat(t, app);
  await client.next();

  const cases: Array<[string, string | Buffer, string, string | null, boolean?]> = [
    ['malformed JSON', '{"type":"ask",', 'invalid_json', null],
    ['not JSON at all', 'hello', 'invalid_json', null],
    ['a JSON array', '[1,2]', 'invalid_message', null],
    ['a JSON string', '"ask"', 'invalid_message', null],
    ['null', 'null', 'invalid_message', null],
    ['no type', '{"id":"x"}', 'invalid_message', 'x'],
    ['type not a string', '{"type":7}', 'invalid_message', null],
    ['unknown type', '{"type":"subscribe","id":"u1"}', 'unknown_type', 'u1'],
    ['ask without id', '{"type":"ask","question":"hi"}', 'invalid_id', null],
    ['ask with empty id', '{"type":"ask","id":"","question":"hi"}', 'invalid_id', null],
    ['ask with a 65-char id', JSON.stringify({ type: 'ask', id: 'x'.repeat(65), question: 'hi' }), 'invalid_id', null],
    ['ask with a numeric id', '{"type":"ask","id":12,"question":"hi"}', 'invalid_id', null],
    ['question not a string', '{"type":"ask","id":"n","question":12345}', 'invalid_message', 'n'],
    ['question missing', '{"type":"ask","id":"m"}', 'invalid_message', 'm'],
    ['unknown key', '{"type":"ask","id":"k","question":"hi","extra":true}', 'invalid_message', 'k'],
    ['unknown key on ping', '{"type":"ping","x":1}', 'invalid_message', null],
    ['documentId not a string', '{"type":"ask","id":"di","question":"hi","documentId":3}', 'invalid_message', 'di'],
    ['__proto__ key', '{"type":"ask","id":"p","question":"hi","__proto__":{"polluted":true}}', 'invalid_message', 'p'],
    ['constructor.prototype key', '{"type":"ask","id":"cp","question":"hi","constructor":{"prototype":{"polluted":true}}}', 'invalid_message', 'cp'],
    ['empty question', '{"type":"ask","id":"e1","question":""}', 'empty_question', 'e1'],
    ['whitespace question', '{"type":"ask","id":"e2","question":" \\n\\t "}', 'empty_question', 'e2'],
    ['only invisible characters', JSON.stringify({ type: 'ask', id: 'e3', question: '\u200B\u202E\u0000\uFEFF\u2066' }), 'empty_question', 'e3'],
    ['question over the limit', JSON.stringify({ type: 'ask', id: 'l', question: 'a'.repeat(51) }), 'question_too_long', 'l'],
    ['unknown documentId', '{"type":"ask","id":"ud","question":"hi","documentId":"nope"}', 'unknown_document', 'ud'],
    ['binary frame', Buffer.from('{"type":"ping"}'), 'invalid_message', null, true],
  ];
  for (const [name, frame, code, id, binary] of cases) {
    client.sendRaw(frame, binary);
    const msg = await nextValid(t, client);
    t.equal(msg.type, 'error', `${name}: error message`);
    t.equal(msg.error?.code, code, `${name}: code ${code}`);
    t.equal(msg.id, id, `${name}: id ${id}`);
    t.type(msg.error?.message, 'string', `${name}: has a message`);
  }
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype not polluted');
  t.ok(client.isOpen(), 'socket never closed');
  await stillOpen(t, client);

  // A question at the limit after clean-up is fine: invisible characters do not count.
  const fifty = 'Is my data transferred to Japan or to Canada?'.padEnd(50, '?');
  t.equal(fifty.length, 50);
  client.send({ type: 'ask', id: 'ok', question: `\u200B ${fifty}\u202E\n` });
  const ok = await client.next();
  t.equal(ok.type, 'answer', 'a 50-character question (after clean-up) is answered');
});

t.test('a follow-up on the same socket is answered in the conversation context', async (t) => {
  const app = await buildTestApp(t);
  const client = await injectChat(t, app);
  await client.next();
  client.send({ type: 'ask', id: '1', question: 'Is a transfer of my data to Japan covered?' });
  const first = await client.next();
  t.equal(first.type, 'answer');
  const firstClause = first.answer.citations[0]?.clauseId;
  t.ok(firstClause, 'first answer cites a clause');
  client.send({ type: 'ask', id: '2', question: 'What about the USA?' });
  const second = await client.next();
  t.equal(second.type, 'answer');
  t.equal(second.id, '2');
  t.ok(
    second.answer.citations.some((c: { clauseId: string }) => c.clauseId === firstClause),
    `the follow-up cites the first answer's clause ${firstClause}`,
  );
  t.ok(
    second.answer.citations.some((c: { excerpt: string }) => /USA|U\.S\./.test(c.excerpt)),
    'and an excerpt about the USA',
  );
});

t.test('conversations are per socket', async (t) => {
  const app = await buildTestApp(t);
  const one = await injectChat(t, app);
  const two = await injectChat(t, app);
  await one.next();
  await two.next();
  one.send({ type: 'ask', id: '1', question: 'Is a transfer of my data to Japan covered?' });
  await one.next();
  // The same follow-up on a fresh socket has no context to lean on; it must not crash either.
  two.send({ type: 'ask', id: '1', question: 'What about the USA?' });
  const reply = await two.next();
  t.equal(reply.type, 'answer');
  t.equal(reply.id, '1');
});

t.test('too many asks in flight → too_many_inflight for the excess, answers for the rest', async (t) => {
  const app = await buildTestApp(t, { env: { WS_MAX_INFLIGHT: '2' } });
  const client = await injectChat(t, app);
  await client.next();
  // All frames arrive in one burst; the server answers one per event-loop turn.
  client.ws.send(JSON.stringify({ type: 'ask', id: 'a', question: 'Japan?' }));
  client.ws.send(JSON.stringify({ type: 'ask', id: 'b', question: 'Canada?' }));
  client.ws.send(JSON.stringify({ type: 'ask', id: 'c', question: 'Switzerland?' }));
  const replies = await client.take(3);
  const byId = Object.fromEntries(replies.map((m) => [m.id, m]));
  t.equal(byId.a?.type, 'answer');
  t.equal(byId.b?.type, 'answer');
  t.equal(byId.c?.type, 'error');
  t.equal(byId.c?.error.code, 'too_many_inflight');
  await stillOpen(t, client);
});

t.test('before the index is built: ready lists no documents, asks get not_ready', async (t) => {
  const holder = new IndexHolder(null);
  const app = await buildTestApp(t, { index: holder });
  const client = await injectChat(t, app);
  const ready = await client.next();
  t.same(ready.documents, []);
  client.send({ type: 'ask', id: 'early', question: 'Is my data transferred to Japan?' });
  const msg = await nextValid(t, client);
  t.same(msg, { type: 'error', id: 'early', error: { code: 'not_ready', message: msg.error.message } });

  holder.set(await loadIndex());
  client.send({ type: 'ask', id: 'later', question: 'Is my data transferred to Japan?' });
  const later = await client.next();
  t.equal(later.type, 'answer', 'the same socket is answered once the index is set');
});

t.test('an exception in the answer module → internal_error, logged without the question', async (t) => {
  const real = await loadIndex();
  // An index whose documents can be listed but which fails when searched.
  const broken = new Proxy(real, {
    get(target, prop, receiver) {
      if (prop === 'documentCount') return Reflect.get(target, prop, target);
      if (prop === 'listDocuments' || prop === 'getDocument') return Reflect.get(target, prop, receiver).bind(target);
      throw new Error('index exploded');
    },
  });
  const log = captureLogger();
  const app = await buildTestApp(t, { index: broken, logger: log.logger });
  const client = await injectChat(t, app);
  await client.next();
  const question = 'Secret question about Japan zebra';
  client.send({ type: 'ask', id: 'boom', question });
  const msg = await nextValid(t, client);
  t.equal(msg.error?.code, 'internal_error');
  t.equal(msg.id, 'boom');
  t.notMatch(msg.error.message, /exploded/, 'the error detail is not sent to the client');
  await stillOpen(t, client);
  const failure = log.lines.find((l) => l.outcome === 'internal_error');
  t.ok(failure, 'the failure is logged');
  t.match(failure, { err: { message: 'index exploded' }, questionLength: question.length });
  t.notMatch(log.text(), /zebra/, 'the question text is not in the log');
});

t.test('each ask is logged with length, outcome and latency, never the text', async (t) => {
  const log = captureLogger();
  const app = await buildTestApp(t, { logger: log.logger });
  const client = await injectChat(t, app);
  await client.next();
  const question = 'Is my data transferred to Japan, flamingo?';
  client.send({ type: 'ask', id: 'logged', question });
  const msg = await client.next();
  t.equal(msg.type, 'answer');
  const line = log.lines.find((l) => l.askId === 'logged' && l.outcome === 'answered');
  t.ok(line, 'an "answered" line for the ask');
  t.match(line, {
    transport: 'ws',
    questionLength: question.length,
    answerable: msg.answer.answerable,
    verdict: msg.answer.verdict,
    topClauseId: msg.answer.citations[0]?.clauseId ?? null,
    latencyMs: Number,
  });
  t.notMatch(log.text(), /flamingo/, 'the question text is not in the log');
});

t.test('a frame over WS_MAX_PAYLOAD closes the socket with 1009 (injectWS)', async (t) => {
  const app = await buildTestApp(t, { env: { WS_MAX_PAYLOAD: '16384' } });
  const client = await injectChat(t, app);
  await client.next();
  client.send({ type: 'ask', id: 'big', question: 'x'.repeat(16_400) });
  const closed = await client.closed;
  t.equal(closed.code, 1009, 'closed with 1009 (message too big)');
});

t.test('a frame over WS_MAX_PAYLOAD closes the socket with 1009 (real socket)', async (t) => {
  const app = await buildTestApp(t, { env: { WS_MAX_PAYLOAD: '16384', MAX_QUESTION_LENGTH: '20000' } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const client = await connectChat(t, `ws://127.0.0.1:${port}/v1/chat`);
  t.equal((await client.next()).type, 'ready');
  // Just under the limit is fine.
  /** An ask frame of exactly `bytes` bytes. */
  const frame = (id: string, bytes: number) => {
    const base = JSON.stringify({ type: 'ask', id, question: '' }).length;
    return JSON.stringify({ type: 'ask', id, question: 'Japan? '.padEnd(bytes - base, 'x') });
  };
  const small = frame('small', 16_384);
  t.equal(Buffer.byteLength(small), 16_384);
  client.sendRaw(small);
  t.equal((await client.next()).type, 'answer', 'a frame of exactly WS_MAX_PAYLOAD bytes is read and answered');
  const big = frame('big', 16_385);
  t.equal(Buffer.byteLength(big), 16_385);
  client.sendRaw(big);
  const closed = await client.closed;
  t.equal(closed.code, 1009, 'closed with 1009 (message too big)');
});

t.test('a real client over TCP: ready, ask, answer', async (t) => {
  const app = await buildTestApp(t);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const client = await connectChat(t, `ws://127.0.0.1:${port}/v1/chat`);
  t.equal((await client.next()).type, 'ready');
  client.send({ type: 'ask', id: 'tcp', question: 'Is my data transferred to Canada?' });
  const msg = await client.next();
  t.equal(msg.type, 'answer');
  t.equal(msg.id, 'tcp');
});

t.test('GET /v1/chat without an upgrade is 404 not a crash', async (t) => {
  const app = await buildTestApp(t);
  const res = await app.inject({ method: 'GET', url: '/v1/chat' });
  t.equal(res.statusCode, 404);
});

t.test('a client that does not read its answers gets too_many_inflight', async (t) => {
  const sent: Msg[] = [];
  const deps = { config: testConfig(), indexHolder: new IndexHolder(await loadIndex()) };
  // A socket whose send buffer is full: the peer stopped reading.
  const socket = {
    readyState: 1,
    bufferedAmount: deps.config.limits.wsMaxUnreadBytes / 4 + 1,
    send: (d: string) => sent.push(JSON.parse(d)),
  };
  const log = captureLogger();
  const session = new ChatSession(socket as never, deps, log.logger);
  session.onMessage(Buffer.from(JSON.stringify({ type: 'ask', id: 'x', question: 'Japan?' })), false);
  t.match(sent, [{ type: 'error', id: 'x', error: { code: 'too_many_inflight' } }]);
  t.equal(session.inflight, 0, 'nothing queued');
});
