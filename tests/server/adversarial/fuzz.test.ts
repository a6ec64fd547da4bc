/**
 * Property-based fuzzing (fast-check) of both transports with hostile input: random strings
 * with every Unicode oddity (lone surrogates, bidi overrides, NUL, zero-width, combining marks),
 * JSON of every shape, `__proto__` / `constructor` keys, huge numbers, deep nesting.
 *
 * Properties: the server never crashes; every WebSocket frame gets exactly one reply (an ask
 * exactly one final `answer` or `error` carrying its id); every error has a code from the
 * table (and over HTTP the table's status); every message matches the protocol schema;
 * Object.prototype is never polluted. Runs are bounded (numRuns ≤ 200 per property).
 */
import fc from 'fast-check';
import t from 'tap';
import { ERRORS, ERROR_CODES } from '../../../src/errors.ts';
import { AskResponse, ErrorResponse, SearchResponse } from '../../../src/protocol/http.ts';
import { ServerMessage, parseClientFrame } from '../../../src/protocol/ws.ts';
import { WEBPROS, buildTestApp, injectChat, type ChatClient, type Msg } from '../../helper.ts';

/** Fixed so CI runs are repeatable (coverage checks such as "five error codes" hold every time); set FUZZ_SEED to explore. */
const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261125);

/** Limits high enough that the fuzzer meets the validation, not the rate limits. */
const FUZZ_ENV = {
  WS_MAX_PAYLOAD: '65536',
  WS_ASK_BURST: '100000',
  WS_ASKS_PER_MINUTE: '1000000',
  WS_IP_ASK_BURST: '100000',
  WS_IP_ASKS_PER_MINUTE: '10000000',
  WS_ABUSE_LIMIT: '100000',
  RATE_LIMIT_MAX: '0',
  MAX_QUESTION_LENGTH: '200',
};

// --- generators ----------------------------------------------------------------------------

const ODDITIES = [
  '\u0000', '\u0007', '\u001B', '\u007F', '\u0085', '\u009B', // controls (NUL, BEL, ESC, DEL, NEL, CSI)
  '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', // bidi
  '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', // zero-width, BOM, soft hyphen
  '\uD800', '\uDBFF', '\uDC00', '\uDFFF', // lone surrogates
  '\u0301', 'e\u0301', '\u1E9B\u0323', '\uFB01', '\u212B', // combining marks, compatibility forms
  '\u2028', '\u2029', '\u00A0', '\u3000', '\t', '\n', '\r', // separators and spaces
  '\u{1F600}', '\u{1F469}\u200D\u{1F4BB}', '\u{10FFFF}', '\uFFFD', '\uFFFF', // astral, ZWJ sequence, noncharacters
  '"', '\\', '{', '}', '[', ']', ':', ',', '</script>', '${x}', '%00', '\\u0000',
];

const unit = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) },
  { weight: 3, arbitrary: fc.constantFrom(...ODDITIES) },
);
const weirdString = fc.string({ unit, maxLength: 60 });

const QUESTIONS = [
  'Is my data transferred to Japan?',
  'What about the USA?',
  'Who is the data protection officer?',
  'Do you sell my data?',
  'How long do you keep my data?',
];
const question = fc.oneof(
  fc.constantFrom(...QUESTIONS),
  weirdString,
  fc.tuple(fc.constantFrom(...QUESTIONS), weirdString).map(([q, s]) => `${s}${q}${s}`),
  fc.string({ unit, minLength: 150, maxLength: 260 }), // around MAX_QUESTION_LENGTH (200)
);

const HUGE = ['1e999999', '-1e-999999', '123456789012345678901234567890', '-0', '0.0000000000000000000001', '9007199254740993'];

/** A JSON text nested up to `max` levels deep (arrays or objects). */
const nested = (max: number) =>
  fc
    .tuple(fc.integer({ min: 1, max }), fc.boolean())
    .map(([depth, arrays]) => (arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + 'null' + '}'.repeat(depth)));
/** Up to 10 000 levels (≤ 60 kB, within the fuzzed maxPayload of 64 KiB). */
const deep = nested(10_000);

/** A JSON text for a field value: any JSON, a huge number, deep nesting, or a string. */
const fieldJson = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.constantFrom(...HUGE),
  nested(2000),
  weirdString.map((s) => JSON.stringify(s)),
);

/** Objects shaped like client messages, with random values, missing and extra keys. */
const messageLike = fc
  .record(
    {
      type: fc.oneof(fc.constantFrom('"ask"', '"ping"', '"subscribe"', '"ASK"', '"ask "'), fieldJson),
      id: fc.oneof(fc.string({ minLength: 1, maxLength: 64 }).map((s) => JSON.stringify(s)), fieldJson),
      question: fc.oneof(question.map((q) => JSON.stringify(q)), fieldJson),
      documentId: fc.oneof(fc.constant(JSON.stringify(WEBPROS)), fieldJson),
      extra: fc.tuple(
        fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'x', '\u0000', ''),
        fc.oneof(fc.constant('{"prototype":{"polluted":true}}'), fc.constant('{"polluted":true}'), fieldJson),
      ),
    },
    { requiredKeys: [] },
  )
  .map((r) => {
    const parts: string[] = [];
    for (const key of ['type', 'id', 'question', 'documentId'] as const) {
      if (r[key] !== undefined) parts.push(`${JSON.stringify(key)}:${r[key]}`);
    }
    if (r.extra) parts.push(`${JSON.stringify(r.extra[0])}:${r.extra[1]}`);
    return `{${parts.join(',')}}`;
  });

/** Valid asks (so that answers, not only errors, are exercised). */
const validAsk = fc
  .tuple(fc.string({ minLength: 1, maxLength: 64 }), question, fc.boolean())
  .map(([id, q, scoped]) => JSON.stringify({ type: 'ask', id, question: q, ...(scoped ? { documentId: WEBPROS } : {}) }));

const frame = fc.oneof(
  { weight: 2, arbitrary: weirdString },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'undefined') },
  { weight: 4, arbitrary: messageLike },
  { weight: 3, arbitrary: validAsk },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: fc.constantFrom(...HUGE, '', ' ', '{}', '[]', 'null', '{"type":"ask"', '\uFEFF{"type":"ping"}') },
);

// --- WebSocket ------------------------------------------------------------------------------

/** The id the reply must carry: the frame's ask id when the parser can read one, else null. */
function expectedReply(text: string): { kind: 'pong' } | { kind: 'error'; code: string; id: string | null } | { kind: 'answer'; id: string } {
  const parsed = parseClientFrame(text, { maxQuestionLength: 200 });
  if (!parsed.ok) return { kind: 'error', code: parsed.error.code, id: parsed.id };
  if (parsed.message.type === 'ping') return { kind: 'pong' };
  return { kind: 'answer', id: parsed.message.id };
}

t.test('WebSocket: every frame gets exactly one valid reply, errors have table codes, the socket survives', async (t) => {
  const app = await buildTestApp(t, { env: FUZZ_ENV });
  const client: ChatClient = await injectChat(t, app);
  await client.next(); // ready
  const failures: string[] = [];
  const seen = new Map<string, number>();

  await fc.assert(
    fc.asyncProperty(frame, async (text) => {
      client.sendRaw(text);
      const reply: Msg = await client.next();
      const kind = reply.type === 'error' ? reply.error?.code : reply.type;
      seen.set(kind, (seen.get(kind) ?? 0) + 1);
      if (!ServerMessage.safeParse(reply).success) throw new Error(`reply does not match the protocol: ${JSON.stringify(reply).slice(0, 200)}`);
      const expected = expectedReply(Buffer.from(text, 'utf8').toString('utf8'));
      if (expected.kind === 'pong') {
        if (reply.type !== 'pong') throw new Error(`ping → ${reply.type}`);
      } else if (expected.kind === 'error') {
        if (reply.type !== 'error' || reply.error.code !== expected.code || reply.id !== expected.id) {
          throw new Error(`expected ${expected.code} for id ${expected.id}, got ${JSON.stringify(reply).slice(0, 200)}`);
        }
      } else {
        // A well-formed ask: answered, or refused for a reason of its own (unknown document).
        if (reply.id !== expected.id) throw new Error(`reply id ${reply.id} for ask ${expected.id}`);
        if (reply.type === 'error' && reply.error.code !== 'unknown_document') {
          throw new Error(`well-formed ask got ${reply.error.code}`);
        }
      }
      if (reply.type === 'error' && !(ERROR_CODES as string[]).includes(reply.error.code)) {
        throw new Error(`unknown code ${reply.error.code}`);
      }
      // Exactly one reply: the next message is the pong to this ping.
      client.send({ type: 'ping' });
      const pong = await client.next();
      if (pong.type !== 'pong') throw new Error(`a second reply: ${JSON.stringify(pong).slice(0, 200)}`);
    }),
    { numRuns: 200, seed: FUZZ_SEED },
  ).catch((err: Error) => failures.push(err.message));

  t.same(failures, [], 'no counterexample');
  t.ok((seen.get('answer') ?? 0) > 0, `the fuzzer reaches the answerer (${JSON.stringify(Object.fromEntries(seen))})`);
  t.ok([...seen.keys()].filter((k) => k !== 'answer' && k !== 'pong').length >= 5, 'and at least five different error codes');
  t.ok(client.isOpen(), 'the socket is still open');
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype not polluted');
  t.equal((await app.inject('/healthz')).statusCode, 200, 'the server still answers');
});

t.test('WebSocket: a burst of random frames, each ask answered exactly once by id', async (t) => {
  const app = await buildTestApp(t, { env: { ...FUZZ_ENV, WS_MAX_INFLIGHT: '64' } });
  const failures: string[] = [];
  await fc.assert(
    fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 30 }), async (frames) => {
      const client = await injectChat(t, app);
      await client.next();
      for (const f of frames) client.sendRaw(f);
      const replies = await client.take(frames.length);
      const expectedAskIds = frames
        .map((f) => expectedReply(Buffer.from(f, 'utf8').toString('utf8')))
        .filter((e): e is { kind: 'answer'; id: string } => e.kind === 'answer')
        .map((e) => e.id);
      const answeredIds = replies.filter((m) => m.type === 'answer' || m.error?.code === 'unknown_document').map((m) => m.id);
      if (JSON.stringify(answeredIds) !== JSON.stringify(expectedAskIds)) {
        throw new Error(`asks ${JSON.stringify(expectedAskIds)} answered as ${JSON.stringify(answeredIds)}`);
      }
      for (const m of replies) {
        if (m.type === 'error' && !(ERROR_CODES as string[]).includes(m.error.code)) throw new Error(`unknown code ${m.error.code}`);
      }
      client.send({ type: 'ping' });
      const pong = await client.next();
      if (pong.type !== 'pong') throw new Error(`an extra reply: ${JSON.stringify(pong).slice(0, 200)}`);
      client.ws.terminate();
    }),
    { numRuns: 60, seed: FUZZ_SEED },
  ).catch((err: Error) => failures.push(err.message));
  t.same(failures, [], 'no counterexample');
});

// --- HTTP ------------------------------------------------------------------------------------

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  '',
];

const askBody = fc
  .record(
    {
      question: fc.oneof(question.map((q) => JSON.stringify(q)), fieldJson),
      documentId: fc.oneof(fc.constant(JSON.stringify(WEBPROS)), fieldJson),
      conversationId: fc.oneof(fc.uuid().map((u) => JSON.stringify(u)), fieldJson),
      extra: fc.tuple(fc.constantFrom('__proto__', 'constructor', 'admin', ''), fc.oneof(fc.constant('{"prototype":{"polluted":1}}'), fieldJson)),
    },
    { requiredKeys: [] },
  )
  .map((r) => {
    const parts: string[] = [];
    for (const key of ['question', 'documentId', 'conversationId'] as const) if (r[key] !== undefined) parts.push(`"${key}":${r[key]}`);
    if (r.extra) parts.push(`${JSON.stringify(r.extra[0])}:${r.extra[1]}`);
    return `{${parts.join(',')}}`;
  });

const contentType = fc.oneof({ weight: 6, arbitrary: fc.constant('application/json') }, { weight: 3, arbitrary: fc.constantFrom(...CONTENT_TYPES) });

const validAskBody = fc
  .tuple(question, fc.boolean())
  .map(([q, scoped]) => JSON.stringify({ question: q, ...(scoped ? { documentId: WEBPROS } : {}) }));

const httpBody = fc.oneof(
  { weight: 3, arbitrary: askBody },
  { weight: 3, arbitrary: validAskBody },
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  weirdString,
  deep,
  fc.constantFrom(...HUGE, '', 'null', '{', '{"question":"a"}{"question":"b"}'),
);

/** Check one HTTP response against the contract: 200 with the schema, or a table error. */
function checkResponse(res: { statusCode: number; body: string }, okSchema: { safeParse(v: unknown): { success: boolean } }): string | null {
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    return `status ${res.statusCode}: body is not JSON: ${res.body.slice(0, 100)}`;
  }
  if (res.statusCode === 200) return okSchema.safeParse(body).success ? null : `200 body off schema: ${res.body.slice(0, 200)}`;
  if (!ErrorResponse.safeParse(body).success) return `error body off schema: ${res.body.slice(0, 200)}`;
  const code = (body as { error: { code: keyof typeof ERRORS } }).error.code;
  if (ERRORS[code].status !== res.statusCode) return `${code} with status ${res.statusCode}, table says ${ERRORS[code].status}`;
  if (res.statusCode >= 500) return `server error ${code}`;
  return null;
}

t.test('HTTP POST /v1/ask: any body and content type → 200 answer or a table error with its status', async (t) => {
  const app = await buildTestApp(t, { env: FUZZ_ENV });
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(httpBody, contentType, async (payload, contentType) => {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/ask',
        headers: contentType ? { 'content-type': contentType } : {},
        payload,
      });
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      const problem = checkResponse(res, AskResponse);
      if (problem) throw new Error(`${JSON.stringify(payload).slice(0, 120)} (${contentType}): ${problem}`);
    }),
    { numRuns: 200, seed: FUZZ_SEED },
  ).catch((err: Error) => failures.push(err.message));
  t.same(failures, [], 'no counterexample');
  t.ok((statuses.get(200) ?? 0) > 0 && (statuses.get(400) ?? 0) > 0, `answers and rejections (${JSON.stringify(Object.fromEntries(statuses))})`);
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype not polluted');
  t.equal((await app.inject('/healthz')).statusCode, 200, 'the server still answers');
});

t.test('HTTP GET /v1/search and /v1/documents/:id: any query or id → 200 or a table error', async (t) => {
  const app = await buildTestApp(t, { env: FUZZ_ENV });
  const failures: string[] = [];
  const param = fc.oneof(weirdString, fc.constantFrom(...HUGE, '', WEBPROS, '-1', '0', '51', '__proto__', 'constructor'));
  await fc.assert(
    fc.asyncProperty(
      fc.record({ q: param, limit: param, documentId: param, extra: param }, { requiredKeys: [] }),
      weirdString,
      async (query, id) => {
        const qs = Object.entries(query)
          .map(([k, v]) => `${k}=${encodeURIComponent(v.replace(/[\uD800-\uDFFF]/g, '\uFFFD'))}`)
          .join('&');
        const search = await app.inject(`/v1/search?${qs}`);
        const p1 = checkResponse(search, SearchResponse);
        if (p1) throw new Error(`search ${qs.slice(0, 120)}: ${p1}`);
        const doc = await app.inject(`/v1/documents/${encodeURIComponent(id.replace(/[\uD800-\uDFFF]/g, '\uFFFD'))}`);
        const p2 = checkResponse(doc, { safeParse: () => ({ success: true }) });
        if (p2) throw new Error(`document ${JSON.stringify(id)}: ${p2}`);
      },
    ),
    { numRuns: 150, seed: FUZZ_SEED },
  ).catch((err: Error) => failures.push(err.message));
  t.same(failures, [], 'no counterexample');
});
