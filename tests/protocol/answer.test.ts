/** The answer's public form: exactly the contract's fields, valid against the wire schemas. */
import t from 'tap';
import type { Answer } from '../../src/answer/types.ts';
import { publicAnswer, publicAnswerJson } from '../../src/protocol/answer.ts';
import { AskResponse } from '../../src/protocol/http.ts';
import { AnswerMessage, answerMessage } from '../../src/protocol/ws.ts';

const answer = (): Answer & { internal: string } => ({
  text: 'Yes: "transfers to Japan" are covered — see clause B.',
  answerable: true,
  verdict: 'yes',
  confidence: 0.82,
  citations: [
    { documentId: 'doc-1', clauseId: 'B', heading: 'Transfers', excerpt: 'We transfer data to Japan.', start: 10, end: 36, score: 3.5, highlights: [[19, 24]] },
  ],
  internal: 'not part of the contract',
});

t.test('publicAnswer keeps the public fields only', async (t) => {
  const a = publicAnswer(answer());
  t.notOk('internal' in a);
  t.same(Object.keys(a), ['text', 'answerable', 'verdict', 'confidence', 'citations']);
  t.ok(AskResponse.safeParse({ ...a, conversationId: 'c1.payload.sig' }).success);
  t.ok(AnswerMessage.safeParse({ type: 'answer', id: 'ask-7', answer: a }).success);
});

t.test('the POST /v1/ask response schema drops what is not in the contract', async (t) => {
  const parsed = AskResponse.parse({ ...answer(), conversationId: 'c1.payload.sig' });
  t.notOk('internal' in parsed);
  t.equal(parsed.conversationId, 'c1.payload.sig');
});

t.test('an answer message built from the answer\'s kept JSON is the serialised message, byte for byte', async (t) => {
  const a = answer();
  a.text = 'Ja: «Übermittlung» nach 日本 — "quoted" \\ and \u2028 too 🙂';
  const json = publicAnswerJson(a);
  t.equal(json.toString('utf8'), JSON.stringify(publicAnswer(a)));
  for (const id of ['ask-7', 'q"uote\\', 'ünï-🙂', 'x'.repeat(64)]) {
    const bytes = answerMessage(id, json);
    t.equal(bytes.toString('utf8'), JSON.stringify({ type: 'answer', id, answer: publicAnswer(a) }), id);
    t.ok(AnswerMessage.safeParse(JSON.parse(bytes.toString('utf8'))).success);
  }
});
