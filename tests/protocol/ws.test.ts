/** parseClientFrame: one frame → a request or the right error code, in a fixed order of checks. */
import t from 'tap';
import { ClientMessage, ServerMessage, parseClientFrame } from '../../src/protocol/ws.ts';

const limits = { maxQuestionLength: 20 };
const code = (text: string) => {
  const r = parseClientFrame(text, limits);
  return r.ok ? 'ok' : r.error.code;
};

t.test('valid messages', async (t) => {
  t.same(parseClientFrame('{"type":"ping"}', limits), { ok: true, message: { type: 'ping' } });
  t.same(parseClientFrame('{"type":"ask","id":"1","question":"  Japan?\u200B "}', limits), {
    ok: true,
    message: { type: 'ask', id: '1', question: 'Japan?' },
  }, 'the ask carries the cleaned question');
  t.same(parseClientFrame('{"type":"ask","id":"1","question":"Japan?","documentId":"doc"}', limits), {
    ok: true,
    message: { type: 'ask', id: '1', question: 'Japan?', documentId: 'doc' },
  });
});

t.test('the first failing check decides the code', async (t) => {
  t.equal(code('{'), 'invalid_json');
  t.equal(code(''), 'invalid_json');
  t.equal(code('42'), 'invalid_message');
  t.equal(code('{"type":"nope","question":12}'), 'unknown_type', 'type is checked before the shape');
  t.equal(code('{"type":"ask","id":"","question":""}'), 'invalid_id', 'id before the question');
  t.equal(code('{"type":"ask","id":"a","question":"","x":1}'), 'invalid_message', 'shape before the question');
  t.equal(code('{"type":"ask","id":"a","question":""}'), 'empty_question');
  t.equal(code(JSON.stringify({ type: 'ask', id: 'a', question: 'x'.repeat(21) })), 'question_too_long');
  t.equal(code('{"type":"ask","id":"a","question":"hi","__proto__":{}}'), 'invalid_message');
  t.equal(code('{"type":"ask","id":"a","question":"hi","documentId":{"constructor":{"prototype":{}}}}'), 'invalid_message');
});

t.test('the id is echoed when it can be read', async (t) => {
  const r = parseClientFrame('{"type":"ask","id":"keep","question":42}', limits);
  t.match(r, { ok: false, id: 'keep', error: { code: 'invalid_message' } });
  const bad = parseClientFrame(JSON.stringify({ type: 'ask', id: 'x'.repeat(65), question: 'hi' }), limits);
  t.match(bad, { ok: false, id: null, error: { code: 'invalid_id' } });
});

t.test('schemas are strict for the client and describe every server message', async (t) => {
  t.notOk(ClientMessage.safeParse({ type: 'ping', extra: 1 }).success);
  t.ok(ServerMessage.safeParse({ type: 'pong' }).success);
  t.ok(ServerMessage.safeParse({ type: 'error', id: null, error: { code: 'invalid_json', message: 'm' } }).success);
  t.notOk(ServerMessage.safeParse({ type: 'error', id: null, error: { code: 'made_up', message: 'm' } }).success, 'codes come from the table');
});
