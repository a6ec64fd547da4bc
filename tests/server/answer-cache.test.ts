/** The answer cache: identical answers to computing them, bounded, emptied by a new index. */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { answerQuestion } from '../../src/answer/answer-question.ts';
import { emptyContext } from '../../src/answer/conversation.ts';
import { ClauseIndex } from '../../src/search/clause-index.ts';
import { AnswerCache } from '../../src/server/answer-cache.ts';
import { buildTestApp, loadIndex } from '../helper.ts';

const questions = readFileSync(new URL('../gold/webpros.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { turns: string[] });

t.test('over HTTP, cached answers are the computed ones (first asks and follow-ups)', async (t) => {
  const plain = await buildTestApp(t, { env: { ANSWER_CACHE_SIZE: '0' } });
  const cached = await buildTestApp(t);
  const run = async (app: typeof plain) => {
    const out: unknown[] = [];
    for (const c of questions) {
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
  const expected = await run(plain);
  t.same(await run(cached), expected, 'first round (computed and stored)');
  t.same(await run(cached), expected, 'second round (served from the cache)');
});

t.test('the cache unit: keys, copies, bound, index swap', async (t) => {
  const index = await loadIndex();
  const cache = new AnswerCache(2);
  const q = 'Is my data transferred to Japan?';
  const computed = answerQuestion(index, q);
  t.equal(cache.get(index, q, undefined, null), undefined);
  cache.set(index, q, undefined, null, computed);
  const expected = structuredClone(computed);
  const hit = cache.get(index, q, undefined, null)!;
  t.same(hit, expected);
  t.throws(() => {
    hit.answer.text = 'changed by a caller';
  }, 'a cached answer cannot be changed');
  t.throws(() => hit.context.topic.push('changed'));
  t.throws(() => {
    hit.answer.citations[0]!.highlights[0]![0] = 99;
  });
  t.same(cache.get(index, q, undefined, null), expected, 'and stays as it was');
  t.equal(cache.get(index, q, 'webpros-privacy-policy', null), undefined, 'another document is another key');
  t.equal(cache.get(index, q, undefined, { ...emptyContext(), turns: 1 }), undefined, 'another context is another key');
  cache.set(index, 'a', undefined, null, computed);
  cache.set(index, 'b', undefined, null, computed);
  t.equal(cache.size, 2, 'bounded');
  t.equal(cache.get(index, q, undefined, null), undefined, 'the least recently used went first');
  const other = ClauseIndex.build(index.listDocuments());
  t.equal(cache.get(other, 'a', undefined, null), undefined, 'a new index empties it');
  t.equal(cache.size, 0);
  const off = new AnswerCache(0);
  off.set(index, q, undefined, null, computed);
  t.equal(off.get(index, q, undefined, null), undefined, 'size 0: off');
});
