/** The answer's wire forms, built around one remembered serialisation: the same JSON as serialising the whole message. */
import t from 'tap';
import type { Answer } from '../../src/answer/types.ts';
import { answerJson, answerMessage, askResponseBody, publicAnswer } from '../../src/protocol/answer.ts';
import { AskResponse } from '../../src/protocol/http.ts';
import { AnswerMessage } from '../../src/protocol/ws.ts';

const answer = (): Answer => ({
  text: 'Yes: "transfers to Japan" are covered — see clause B.',
  answerable: true,
  verdict: 'yes',
  confidence: 0.82,
  citations: [
    { documentId: 'doc-1', clauseId: 'B', heading: 'Transfers', excerpt: 'We transfer data to Japan.', start: 10, end: 36, score: 3.5, highlights: [[19, 24]] },
  ],
});

const deepFreeze = <T>(v: T): T => {
  if (v && typeof v === 'object') {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
};

t.test('POST /v1/ask body: the public answer and the conversation id, valid against the schema', async (t) => {
  const a = deepFreeze(answer());
  const body = askResponseBody(a, 'c1.payload.sig"\u2028');
  const parsed = JSON.parse(body.toString('utf8'));
  t.same(parsed, { ...publicAnswer(a), conversationId: 'c1.payload.sig"\u2028' });
  t.ok(AskResponse.safeParse(parsed).success);
  t.equal(askResponseBody(a, 'c1.payload.sig"\u2028'), body, 'remembered for the same id');
  const other = askResponseBody(a, 'c1.other.sig');
  t.equal(JSON.parse(other.toString('utf8')).conversationId, 'c1.other.sig', 'another id, another body');
});

t.test('an answer that is not frozen is serialised again each time (it may have changed)', async (t) => {
  const a = answer();
  const before = askResponseBody(a, 'id');
  a.text = 'changed';
  t.equal(JSON.parse(askResponseBody(a, 'id').toString('utf8')).text, 'changed');
  t.not(askResponseBody(a, 'id'), before);
  t.equal(JSON.parse(answerJson(a)).text, 'changed');
});

t.test('the WebSocket answer message: the same JSON as serialising the whole message', async (t) => {
  const a = deepFreeze(answer());
  const message = JSON.parse(answerMessage('ask-7', a).toString('utf8'));
  t.same(message, { type: 'answer', id: 'ask-7', answer: publicAnswer(a) });
  t.ok(AnswerMessage.safeParse(message).success);
});
