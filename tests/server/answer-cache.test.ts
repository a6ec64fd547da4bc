/** The answer cache: remembered answers are exactly the computed ones; bounded; emptied by a new index. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { answerQuestion, type AnswerResult } from '../../src/answer/answer-question.ts';
import type { ConversationContext } from '../../src/answer/conversation.ts';
import { ClauseIndex } from '../../src/search/clause-index.ts';
import { AnswerCache } from '../../src/server/answer-cache.ts';
import { parseCases } from '../../scripts/gold-judge.ts';
import { buildTestApp, loadIndex, WEBPROS } from '../helper.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const sets = JSON.parse(readFileSync(here('../gold/sets.json'), 'utf8')) as Array<{ cases: string; corpus: string }>;

/** Every turn of a set, as one long conversation, in the given order of cases. */
function conversation(answer: (q: string, context: ConversationContext | null) => AnswerResult, turns: string[]): AnswerResult[] {
  let context: ConversationContext | null = null;
  return turns.map((q) => {
    const r = answer(q, context);
    context = r.context;
    return r;
  });
}

const plain = (r: AnswerResult) => ({ answer: r.answer, context: r.context, documentId: r.documentId });

for (const set of sets) {
  t.test(`${set.cases}: remembered answers equal computed ones, follow-ups included`, async (t) => {
    const index = await loadIndex(here(`../gold/${set.corpus}/`));
    const cases = parseCases(readFileSync(here(`../gold/${set.cases}`), 'utf8'));
    // Forward, then backward: the second pass meets every question again, most follow-ups
    // after a different previous turn than the first time.
    const forward = cases.flatMap((c) => c.turns);
    const backward = [...cases].reverse().flatMap((c) => c.turns);
    const answerer = new AnswerCache(2000);
    let hits = 0;
    for (const turns of [forward, backward, forward]) {
      const computed = conversation((q, context) => answerQuestion(index, q, { context }), turns);
      const remembered = conversation((q, context) => {
        const r = answerer.answer(index, q, { context });
        if (r.cached) hits++;
        return r;
      }, turns);
      t.same(remembered.map(plain), computed.map(plain));
    }
    t.ok(hits >= forward.length, `${hits} of ${3 * forward.length} answers were remembered`);
  });
}

t.test('a follow-up is remembered per previous topic, a first question once', async (t) => {
  const index = await loadIndex();
  const answerer = new AnswerCache(2000);
  const transfer = answerer.answer(index, 'Is my data transferred to the USA?');
  const retention = answerer.answer(index, 'How long do you keep my data?');
  const afterTransfer = answerer.answer(index, 'What about Japan?', { context: transfer.context });
  const afterRetention = answerer.answer(index, 'What about Japan?', { context: retention.context });
  t.same(plain(afterTransfer), plain(answerQuestion(index, 'What about Japan?', { context: transfer.context })));
  t.same(plain(afterRetention), plain(answerQuestion(index, 'What about Japan?', { context: retention.context })));
  t.equal(answerer.answer(index, 'What about Japan?', { context: transfer.context }).cached, true);
  // A first question does not depend on what came before: one entry serves every conversation.
  const again = answerer.answer(index, 'How long do you keep my data?', { context: afterTransfer.context });
  t.equal(again.cached, true);
  t.equal(again.context.turns, afterTransfer.context.turns + 1, 'the turn count is the conversation’s');
  t.same(plain(again), plain(answerQuestion(index, 'How long do you keep my data?', { context: afterTransfer.context })));
});

t.test('a remembered answer opens every new conversation with the computed context, frozen', async (t) => {
  const index = await loadIndex();
  const answerer = new AnswerCache(2000);
  // Both first met inside a conversation: the remembered context carries that conversation's document.
  const opening = answerer.answer(index, 'Is my data transferred to the USA?');
  for (const q of ['Do you like pizza on Mondays?', 'How long do you keep my data?']) {
    answerer.answer(index, q, { context: opening.context });
    const first = answerer.answer(index, q);
    const second = answerer.answer(index, q, { context: null });
    t.equal(first.cached, true, q);
    t.same(first.context, answerQuestion(index, q).context, 'the context a computed first answer has');
    t.same(second.context, first.context);
    t.ok(Object.isFrozen(first.context.topic), 'its parts frozen: no caller can change a later reply');
  }
});

t.test('cached answers cannot be changed by a caller; the cache is bounded and emptied by a new index', async (t) => {
  const index = await loadIndex();
  const answerer = new AnswerCache(2);
  const q = 'Is my data transferred to Japan?';
  const first = answerer.answer(index, q);
  const expected = structuredClone(plain(first));
  const hit = answerer.answer(index, q);
  t.equal(hit.cached, true);
  t.throws(() => {
    hit.answer.text = 'changed by a caller';
  });
  t.throws(() => {
    hit.answer.citations[0]!.highlights[0]![0] = 99;
  });
  t.throws(() => hit.context.topic.push('changed'));
  t.same(plain(answerer.answer(index, q)), expected, 'and stays as it was');
  t.equal(answerer.answer(index, q, { documentId: WEBPROS }).cached, false, 'another document is another entry');
  answerer.answer(index, 'Who can I contact?');
  t.equal(answerer.size, 2, 'bounded');
  t.equal(answerer.answer(index, q).cached, false, 'the least recently used went first');
  const other = ClauseIndex.build(index.listDocuments());
  t.equal(answerer.answer(other, q).cached, false, 'a new index empties it');
  t.equal(answerer.size, 1);
  const off = new AnswerCache(0);
  off.answer(index, q);
  t.equal(off.answer(index, q).cached, false, 'size 0: off');
  t.same(plain(off.answer(index, q)), expected);
});

t.test('over HTTP, cached answers are the computed ones (first asks and follow-ups)', async (t) => {
  const cases = parseCases(readFileSync(here('../gold/webpros.jsonl'), 'utf8'));
  const uncached = await buildTestApp(t, { env: { ANSWER_CACHE_SIZE: '0' } });
  const cached = await buildTestApp(t);
  const run = async (app: typeof uncached) => {
    const out: unknown[] = [];
    for (const c of cases) {
      let conversationId: string | undefined;
      for (const question of c.turns) {
        const res = await app.inject({ method: 'POST', url: '/v1/ask', payload: { question, ...(conversationId ? { conversationId } : {}) } });
        const { conversationId: next, ...answer } = res.json();
        conversationId = next;
        out.push(answer);
      }
    }
    return out;
  };
  const expected = await run(uncached);
  t.same(await run(cached), expected, 'first round (computed and stored)');
  t.same(await run(cached), expected, 'second round (served from the cache)');
});
