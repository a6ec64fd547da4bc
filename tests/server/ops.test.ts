/** Observability: Prometheus metrics (per-app registry) and the OpenAPI document. */
import t from 'tap';
import { IndexHolder } from '../../src/server/index-holder.ts';
import { buildTestApp, injectChat, loadIndex } from '../helper.ts';

/** The value of one sample line of the Prometheus text, or undefined. */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

t.test('GET /metrics: asks by transport and outcome, latency, sockets, rate limits, index', async (t) => {
  const app = await buildTestApp(t, { env: { WS_ASK_BURST: '2', WS_ABUSE_LIMIT: '100' } });
  await app.inject({ method: 'POST', url: '/v1/ask', payload: { question: 'Is my data transferred to Japan?' } });
  await app.inject({ method: 'POST', url: '/v1/ask', payload: { question: 'Do you like pizza on Mondays?' } });
  await app.inject({ method: 'POST', url: '/v1/ask', payload: { question: '' } });
  const client = await injectChat(t, app);
  await client.next();
  client.send({ type: 'ask', id: '1', question: 'Is my data transferred to Canada?' });
  client.send({ type: 'ask', id: '2', question: '\u200B' });
  client.send({ type: 'ask', id: '3', question: 'Japan?' });
  client.send({ type: 'ask', id: '4', question: 'Japan?' });
  await client.take(4);

  const res = await app.inject('/metrics');
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^text\/plain; version=0\.0\.4/);
  const text = res.body;
  t.equal(sample(text, 'policyqa_asks_total{transport="http",outcome="answered"}'), 1);
  t.equal(sample(text, 'policyqa_asks_total{transport="http",outcome="declined"}'), 1, 'an unanswerable question is "declined"');
  t.equal(sample(text, 'policyqa_asks_total{transport="http",outcome="empty_question"}'), 1);
  t.equal(sample(text, 'policyqa_asks_total{transport="ws",outcome="empty_question"}'), 1);
  t.equal(sample(text, 'policyqa_asks_total{transport="ws",outcome="rate_limited"}'), 1, 'the third well-formed ask over a burst of 2');
  t.equal(sample(text, 'policyqa_rate_limited_total{transport="ws"}'), 1);
  t.equal(sample(text, 'policyqa_answer_duration_seconds_count{transport="http"}'), 2);
  t.equal(sample(text, 'policyqa_answer_duration_seconds_count{transport="ws"}'), 2);
  t.equal(sample(text, 'policyqa_ws_open_sockets'), 1);
  const index = await loadIndex();
  t.equal(sample(text, 'policyqa_index_documents'), 1);
  t.equal(sample(text, 'policyqa_index_clauses'), index.clauseCount);
  t.equal(sample(text, 'policyqa_index_ready'), 1);
  t.notMatch(text, /process_cpu|nodejs_/, 'process metrics are off in tests (main.ts turns them on)');
});

t.test('each app has its own registry; the index build time is reported once known', async (t) => {
  const holder = new IndexHolder(null);
  const one = await buildTestApp(t, { index: holder });
  const two = await buildTestApp(t);
  await two.inject({ method: 'POST', url: '/v1/ask', payload: { question: 'Japan?' } });
  const before = (await one.inject('/metrics')).body;
  t.equal(sample(before, 'policyqa_index_ready'), 0, 'not ready');
  t.equal(sample(before, 'policyqa_index_documents'), 0);
  t.equal(sample(before, 'policyqa_asks_total{transport="http",outcome="answered"}'), undefined, "the other app's asks are not counted here");
  holder.set(await loadIndex(), { buildMs: 1234 });
  const after = (await one.inject('/metrics')).body;
  t.equal(sample(after, 'policyqa_index_ready'), 1);
  t.equal(sample(after, 'policyqa_index_build_seconds'), 1.234);
});

t.test('GET /docs/openapi.json: the HTTP API generated from the zod schemas', async (t) => {
  const app = await buildTestApp(t);
  const res = await app.inject('/docs/openapi.json');
  t.equal(res.statusCode, 200);
  const doc = res.json();
  t.equal(doc.openapi, '3.1.0');
  t.same(Object.keys(doc.paths).sort(), ['/healthz', '/readyz', '/v1/ask', '/v1/documents', '/v1/documents/{id}', '/v1/documents/{id}/facts', '/v1/search']);
  const body = doc.paths['/v1/ask'].post.requestBody.content['application/json'].schema;
  t.equal(body.type, 'object');
  t.same(body.required, ['question']);
  t.equal(body.additionalProperties, false, 'unknown keys are rejected, and the document says so');
  t.ok(doc.paths['/v1/ask'].post.responses['200'], 'the 200 response schema');
  const params = doc.paths['/v1/search'].get.parameters.map((p: { name: string }) => p.name).sort();
  t.same(params, ['documentId', 'limit', 'q']);
  t.ok(doc.components.securitySchemes.bearer, 'the API key scheme is described');
  t.notOk(doc.paths['/metrics'] || doc.paths['/v1/chat'] || doc.paths['/docs/openapi.json'], 'no operational or WebSocket routes');
});
