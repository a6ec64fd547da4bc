/** The HTTP API through `app.inject`, against the real corpus. */
import t from 'tap';
import { AskResponse, DocumentResponse, DocumentsResponse, SearchResponse } from '../../src/protocol/http.ts';
import { IndexHolder } from '../../src/server/index-holder.ts';
import { ClauseIndex } from '../../src/search/clause-index.ts';
import { WEBPROS, buildTestApp, captureLogger, loadIndex } from '../helper.ts';

const json = { 'content-type': 'application/json' };

t.test('GET /healthz → 200 ok, ready or not', async (t) => {
  const app = await buildTestApp(t, { index: null });
  const res = await app.inject('/healthz');
  t.equal(res.statusCode, 200);
  t.same(res.json(), { status: 'ok' });
});

t.test('GET /readyz is 503 until the index is set, then 200 with counts', async (t) => {
  const holder = new IndexHolder(null);
  const app = await buildTestApp(t, { index: holder });
  const before = await app.inject('/readyz');
  t.equal(before.statusCode, 503);
  t.same(before.json(), { status: 'not_ready' });

  const index = await loadIndex();
  holder.set(index);
  const after = await app.inject('/readyz');
  t.equal(after.statusCode, 200);
  t.same(after.json(), { status: 'ready', documents: 1, clauses: index.clauseCount, empty: false });
  t.ok(index.clauseCount > 5, 'the seed policy has its clauses indexed');

  holder.set(ClauseIndex.build([]));
  t.same((await app.inject('/readyz')).json(), { status: 'ready', documents: 0, clauses: 0, empty: true }, 'an empty corpus says so');
});

t.test('an index set unready (the WebSocket warm-up) answers asks while /readyz stays 503 until markReady', async (t) => {
  const holder = new IndexHolder(null);
  const app = await buildTestApp(t, { index: holder });
  holder.set(await loadIndex(), { ready: false });
  t.equal((await app.inject('/readyz')).statusCode, 503);
  t.match((await app.inject('/metrics')).body, /policyqa_index_ready 0/);
  const asked = await app.inject({ method: 'POST', url: '/v1/ask', payload: { question: 'Is my data transferred to Japan?' } });
  t.equal(asked.statusCode, 200, 'served before ready');
  t.equal(asked.json().answerable, true);
  holder.markReady();
  t.equal((await app.inject('/readyz')).statusCode, 200);
  t.match((await app.inject('/metrics')).body, /policyqa_index_ready 1/);
});

t.test('POST /v1/ask answers with citations and a conversationId', async (t) => {
  const app = await buildTestApp(t);
  const res = await app.inject({ method: 'POST', url: '/v1/ask', payload: { question: 'Is my data transferred to Japan?' } });
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.ok(AskResponse.safeParse(body).success, 'matches the response schema');
  t.same(Object.keys(body).sort(), ['answerable', 'citations', 'confidence', 'conversationId', 'text', 'verdict']);
  t.ok(body.citations.length > 0, 'cites clauses');
  t.match(body.conversationId, /^c1\.[\w-]+\.[\w-]{43}$/, 'a signed conversation token');
  const doc = (await loadIndex()).getDocument(WEBPROS)!;
  for (const c of body.citations) t.equal(doc.text.slice(c.start, c.end), c.excerpt, `${c.clauseId}: verbatim excerpt`);
});

t.test('POST /v1/ask follow-up with the conversationId continues the conversation', async (t) => {
  const app = await buildTestApp(t);
  const first = (
    await app.inject({ method: 'POST', url: '/v1/ask', payload: { question: 'Is a transfer of my data to Japan covered?' } })
  ).json();
  const firstClause = first.citations[0]?.clauseId;
  t.ok(firstClause, 'first answer cites a clause');
  const res = await app.inject({
    method: 'POST',
    url: '/v1/ask',
    payload: { question: 'What about the USA?', conversationId: first.conversationId },
  });
  t.equal(res.statusCode, 200);
  const second = res.json();
  t.match(second.conversationId, /^c1\./, 'a fresh token for the next turn');
  t.not(second.conversationId, first.conversationId, 'it carries the new turn');
  t.ok(
    second.citations.some((c: { clauseId: string }) => c.clauseId === firstClause),
    `the follow-up cites ${firstClause} again`,
  );
});

t.test('POST /v1/ask with an unknown conversationId starts a fresh conversation', async (t) => {
  const app = await buildTestApp(t);
  const res = await app.inject({
    method: 'POST',
    url: '/v1/ask',
    payload: { question: 'Is my data transferred to Canada?', conversationId: 'not-a-real-id' },
  });
  t.equal(res.statusCode, 200, 'not an error');
  t.not(res.json().conversationId, 'not-a-real-id', 'a new id, not the client-chosen one');
});

t.test('POST /v1/ask with a token another deployment signed (another CONVERSATION_SECRET): answered as a new conversation', async (t) => {
  const secret = 'http-test-conversation-secret-0123456789';
  const a = await buildTestApp(t, { env: { CONVERSATION_SECRET: secret } });
  const other = await buildTestApp(t, { env: { CONVERSATION_SECRET: `${secret}-other` } });
  const ask = async (app: typeof a, payload: object) => (await app.inject({ method: 'POST', url: '/v1/ask', payload })).json();
  const first = await ask(a, { question: 'Is a transfer of my data to Japan covered?' });
  const followUp = { question: 'What about the USA?', conversationId: first.conversationId };
  const onA = await ask(a, followUp);
  const onOther = await ask(other, followUp);
  const fresh = await ask(other, { question: 'What about the USA?' });
  t.equal(onOther.text, fresh.text, 'the foreign token is ignored: answered as a new conversation, not an error');
  t.not(onA.text, onOther.text, 'where the secret matches, the token made it a follow-up');
  t.not(onOther.conversationId, first.conversationId);
});

t.test('POST /v1/ask rejects bad bodies with 400 and a stable code', async (t) => {
  const app = await buildTestApp(t, { env: { MAX_QUESTION_LENGTH: '100' } });
  const cases: Array<[string, string, number, string]> = [
    ['question is a number', '{"question": 12345}', 400, 'invalid_body'],
    ['unknown key', '{"question": "Japan?", "foo": 1}', 400, 'invalid_body'],
    ['array body', '["Japan?"]', 400, 'invalid_body'],
    ['missing question', '{}', 400, 'invalid_body'],
    ['null body', 'null', 400, 'invalid_body'],
    ['documentId not a string', '{"question": "Japan?", "documentId": 1}', 400, 'invalid_body'],
    ['malformed JSON', '{"question": ', 400, 'invalid_json'],
    ['prototype poisoning', '{"question": "Japan?", "__proto__": {"x": 1}}', 400, 'invalid_json'],
    ['empty question', '{"question": ""}', 400, 'empty_question'],
    ['invisible-only question', JSON.stringify({ question: '\u200B\u00A0\u202E \t' }), 400, 'empty_question'],
    ['question too long', JSON.stringify({ question: 'a'.repeat(101) }), 400, 'question_too_long'],
    ['unknown documentId', '{"question": "Japan?", "documentId": "nope"}', 404, 'unknown_document'],
  ];
  for (const [name, payload, status, code] of cases) {
    const res = await app.inject({ method: 'POST', url: '/v1/ask', headers: json, payload });
    t.equal(res.statusCode, status, `${name}: ${status}`);
    const body = res.json();
    t.equal(body.error?.code, code, `${name}: ${code}`);
    t.type(body.error?.message, 'string', `${name}: message`);
    t.same(Object.keys(body), ['error'], `${name}: only {error}`);
  }
  const empty = await app.inject({ method: 'POST', url: '/v1/ask', headers: json, payload: '' });
  t.equal(empty.statusCode, 400, 'empty body → 400');
  t.equal(empty.json().error.code, 'invalid_body');
  const text = await app.inject({
    method: 'POST',
    url: '/v1/ask',
    headers: { 'content-type': 'text/plain' },
    payload: 'Japan?',
  });
  t.equal(text.statusCode, 415, 'text/plain → 415');
  t.equal(text.json().error.code, 'unsupported_media_type');
});

t.test('POST /v1/ask before the index is built → 503 not_ready', async (t) => {
  const app = await buildTestApp(t, { index: null });
  const res = await app.inject({ method: 'POST', url: '/v1/ask', payload: { question: 'Japan?' } });
  t.equal(res.statusCode, 503);
  t.equal(res.json().error.code, 'not_ready');
});

t.test('POST /v1/ask logs the outcome but not the question', async (t) => {
  const log = captureLogger();
  const app = await buildTestApp(t, { logger: log.logger });
  const res = await app.inject({ method: 'POST', url: '/v1/ask', payload: { question: 'Is my data sent to Japan, walrus?' } });
  t.equal(res.statusCode, 200);
  t.ok(log.lines.some((l) => l.transport === 'http' && l.outcome === 'answered' && l.questionLength === 33));
  t.notMatch(log.text(), /walrus/);
});

t.test('GET /v1/search returns ranked clause hits', async (t) => {
  const app = await buildTestApp(t);
  const res = await app.inject('/v1/search?q=standard%20contractual%20clauses&limit=3');
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.ok(SearchResponse.safeParse(body).success, 'matches the response schema');
  t.equal(body.query, 'standard contractual clauses');
  t.ok(body.results.length > 0 && body.results.length <= 3, 'at most limit results');
  const doc = (await loadIndex()).getDocument(WEBPROS)!;
  for (const hit of body.results) {
    t.equal(hit.documentId, WEBPROS);
    t.equal(doc.text.slice(hit.start, hit.end), hit.excerpt, `${hit.clauseId}: verbatim excerpt`);
  }
  const scores = body.results.map((h: { score: number }) => h.score);
  t.same(scores, [...scores].sort((a, b) => b - a), 'best first');

  const scoped = await app.inject(`/v1/search?q=Japan&documentId=${WEBPROS}`);
  t.equal(scoped.statusCode, 200);
  t.ok(scoped.json().results.length <= 10, 'default limit 10');
});

t.test('GET /v1/search validates its query string', async (t) => {
  const app = await buildTestApp(t);
  const cases: Array<[string, number, string]> = [
    ['/v1/search', 400, 'invalid_query'],
    ['/v1/search?q=', 400, 'invalid_query'],
    ['/v1/search?q=%E2%80%8B', 400, 'invalid_query'],
    [`/v1/search?q=${'a'.repeat(1001)}`, 400, 'invalid_query'],
    ['/v1/search?q=Japan&limit=0', 400, 'invalid_query'],
    ['/v1/search?q=Japan&limit=51', 400, 'invalid_query'],
    ['/v1/search?q=Japan&limit=ten', 400, 'invalid_query'],
    ['/v1/search?q=Japan&extra=1', 400, 'invalid_query'],
    ['/v1/search?q=Japan&q=Canada', 400, 'invalid_query'],
    ['/v1/search?q=Japan&documentId=nope', 404, 'unknown_document'],
  ];
  for (const [url, status, code] of cases) {
    const res = await app.inject(url);
    t.equal(res.statusCode, status, `${url.slice(0, 60)}: ${status}`);
    t.equal(res.json().error?.code, code, `${url.slice(0, 60)}: ${code}`);
  }
  const max = await app.inject('/v1/search?q=Japan&limit=50');
  t.equal(max.statusCode, 200, 'limit 50 is allowed');
});

t.test('GET /v1/search does not log the query text', async (t) => {
  const log = captureLogger();
  const app = await buildTestApp(t, { logger: log.logger });
  const res = await app.inject('/v1/search?q=Japan%20platypus');
  t.equal(res.statusCode, 200);
  t.ok(log.lines.some((l) => (l.req as { url?: string } | undefined)?.url === '/v1/search'), 'the path is logged');
  t.notMatch(log.text(), /platypus/);
});

t.test('GET /v1/documents lists the loaded documents', async (t) => {
  const app = await buildTestApp(t);
  const res = await app.inject('/v1/documents');
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.ok(DocumentsResponse.safeParse(body).success, 'matches the response schema');
  const doc = (await loadIndex()).getDocument(WEBPROS)!;
  t.same(body, {
    documents: [
      {
        id: WEBPROS,
        title: doc.title,
        format: 'text',
        lastUpdated: doc.metadata?.lastUpdated ?? null,
        effective: doc.metadata?.effective ?? null,
        clauses: doc.clauses.length,
        warnings: doc.warnings.length,
      },
    ],
  });
});

t.test('GET /v1/documents/:id returns text, clause outline and warnings', async (t) => {
  const app = await buildTestApp(t);
  const res = await app.inject(`/v1/documents/${WEBPROS}`);
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.ok(DocumentResponse.safeParse(body).success, 'matches the response schema');
  const doc = (await loadIndex()).getDocument(WEBPROS)!;
  t.equal(body.text, doc.text, 'the full text');
  t.equal(body.clauses.length, doc.clauses.length);
  t.same(Object.keys(body.clauses[0]).sort(), ['depth', 'end', 'heading', 'id', 'parentId', 'source', 'start']);
  for (const c of body.clauses) {
    t.ok(c.start <= c.end && c.end <= body.text.length, `${c.id}: span inside the text`);
  }
  t.ok(body.clauses.some((c: { heading: string }) => c.heading === 'Third Country Transfer'), 'clause B is there');
  t.equal(body.warnings.length, doc.warnings.length);
});

t.test('an unknown document → 404 unknown_document, as on every route that names one', async (t) => {
  const app = await buildTestApp(t);
  const res = await app.inject('/v1/documents/nope');
  t.equal(res.statusCode, 404);
  t.equal(res.json().error?.code, 'unknown_document');
  const ask = await app.inject({ method: 'POST', url: '/v1/ask', payload: { question: 'Do you sell my data?', documentId: 'nope' } });
  t.equal(ask.statusCode, 404);
  t.equal(ask.json().error?.code, 'unknown_document');
});

t.test('unknown routes and ids that cannot be a document id → 404 not_found', async (t) => {
  const app = await buildTestApp(t);
  const urls = [ '/v1/documents/' + 'x'.repeat(300), '/v1/documents/' + 'x'.repeat(600), '/v1/documents/%E0%A4%A', '/nowhere', '/v1/ask'];
  for (const url of urls) {
    const res = await app.inject(url);
    t.equal(res.statusCode, 404, `${url.slice(0, 40)}: 404`);
    t.equal(res.json().error?.code, 'not_found', `${url.slice(0, 40)}: not_found`);
  }
});

t.test('document routes before the index is built → 503 not_ready', async (t) => {
  const app = await buildTestApp(t, { index: null });
  for (const url of ['/v1/documents', `/v1/documents/${WEBPROS}`, '/v1/search?q=Japan']) {
    const res = await app.inject(url);
    t.equal(res.statusCode, 503, url);
    t.equal(res.json().error.code, 'not_ready', url);
  }
});
