/** Warm-up before ready: one pass over the documents, stopped by its time budget, yielding as it goes. */
import t from 'tap';
import { generatePolicy } from '../../bench/generate-corpus.ts';
import { parseDocument } from '../../src/corpus/load.ts';
import { ClauseIndex } from '../../src/search/clause-index.ts';
import { WARM_UP_QUESTIONS, warmUpAnswers, warmUpChat } from '../../src/server/warm-up.ts';
import { WEBPROS, buildTestApp, captureLogger } from '../helper.ts';

const generated = (n: number) => ClauseIndex.build(Array.from({ length: n }, (_, i) => generatePolicy(i)).map((p) => parseDocument(p.name, p.text)));
const conversation = WARM_UP_QUESTIONS.length;

t.test('one pass over the documents: a conversation on each, and one across all', async (t) => {
  const index = generated(4);
  const { answers, ms } = await warmUpAnswers(index, { budgetMs: 60_000, repeatAnswers: 0 });
  t.equal(answers, (4 + 1) * conversation);
  t.ok(ms > 0);
});

t.test('a small corpus goes on answering (the documents in turn) until repeatAnswers, in whole conversations', async (t) => {
  const { answers } = await warmUpAnswers(generated(2), { budgetMs: 60_000, repeatAnswers: 10 * conversation + 1 });
  t.equal(answers, 11 * conversation);
  t.equal((await warmUpAnswers(generated(2), { budgetMs: 60_000, repeatAnswers: 2 * conversation })).answers, 3 * conversation, 'never less than the first pass');
});

t.test('the time budget stops it: budget 0 answers on the first document and across all only', async (t) => {
  t.equal((await warmUpAnswers(generated(4), { budgetMs: 0 })).answers, 2 * conversation);
});

t.test('it yields to the event loop while it runs', async (t) => {
  const index = generated(12);
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  const { answers } = await warmUpAnswers(index, { budgetMs: 60_000, sliceMs: 1, repeatAnswers: 0 });
  clearInterval(timer);
  t.equal(answers, 13 * conversation);
  t.ok(ticks > 0, `timers ran ${ticks} times during the warm-up`);
});

t.test('stop() ends it early (the server is closing)', async (t) => {
  const { answers } = await warmUpAnswers(generated(6), { budgetMs: 60_000, sliceMs: 0, stop: () => true });
  t.ok(answers < 7 * conversation, `${answers} answers`);
});

t.test('an empty corpus: nothing to answer', async (t) => {
  t.equal((await warmUpAnswers(ClauseIndex.build([]))).answers, 0);
});

// --- over the socket ---------------------------------------------------------------------------

const answered = (lines: Array<Record<string, unknown>>) => lines.filter((l) => l.msg === 'ask answered');

t.test('warmUpChat asks the warm-up conversation over /v1/chat, one ask at a time, each answered', async (t) => {
  const log = captureLogger();
  const app = await buildTestApp(t, { logger: log.logger });
  // 39 asks: over the default per-socket burst (10), so only a new socket every 10 asks gets them all answered.
  const { asks } = await warmUpChat(app, [WEBPROS], { asks: 2 * WARM_UP_QUESTIONS.length + 3, budgetMs: 60_000 });
  t.equal(asks, 2 * WARM_UP_QUESTIONS.length + 3);
  const lines = answered(log.lines);
  t.equal(lines.length, asks, 'every ask went through the server and was logged like any other');
  t.ok(lines.every((l) => l.transport === 'ws' && l.documentId === WEBPROS), 'over the WebSocket, about the document given');
  t.same(lines.slice(0, 3).map((l) => l.askId), ['warm-up-0', 'warm-up-1', 'warm-up-2']);
});

t.test('with API keys: warmUpChat sends the key; without it the socket is refused and the warm-up ends at once', async (t) => {
  const KEY = 'warm-up-key-0123456789';
  const app = await buildTestApp(t, { env: { API_KEYS: KEY } });
  t.equal((await warmUpChat(app, [WEBPROS], { asks: 5, budgetMs: 60_000, apiKey: KEY })).asks, 5);
  await t.rejects(warmUpChat(app, [WEBPROS], { asks: 5, budgetMs: 60_000 }), 'the upgrade is refused without the key');
});

t.test('an error reply (a per-socket limit under the warm-up\'s) ends the warm-up instead of waiting', async (t) => {
  const app = await buildTestApp(t, { env: { WS_ASK_BURST: '3' } });
  t.equal((await warmUpChat(app, [WEBPROS], { asks: 20, asksPerSocket: 10, budgetMs: 60_000 })).asks, 3, 'three answered, the fourth refused');
});

t.test('warmUpChat: no documents, nothing asked; stop() ends it early', async (t) => {
  const app = await buildTestApp(t);
  t.equal((await warmUpChat(app, [], { asks: 5 })).asks, 0);
  t.equal((await warmUpChat(app, [WEBPROS], { asks: 5, stop: () => true })).asks, 0);
});
