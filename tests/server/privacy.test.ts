/**
 * Privacy-safe logs: no question text by default (length and keyed hash instead), the
 * LOG_QUESTIONS debugging switch, redacted credentials, escaped control characters.
 */
import { createHmac } from 'node:crypto';
import t from 'tap';
import { QuestionLog, createLogger, escapeForLog } from '../../src/server/logger.ts';
import { Writable } from 'node:stream';
import { buildTestApp, captureLogger, injectChat } from '../helper.ts';

/** Characters that must never appear raw in a log line (newlines only between lines). */
const RAW_UNSAFE = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u00AD\u200B-\u200F\u202A-\u202E\u2028\u2029\u2060-\u2069\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

t.test('by default no question text reaches the log, on either transport', async (t) => {
  const log = captureLogger('debug');
  const app = await buildTestApp(t, { logger: log.logger });
  const secret = 'narwhal';
  await app.inject({ method: 'POST', url: '/v1/ask', payload: { question: `Is my ${secret} data sent to Japan?` } });
  await app.inject({ method: 'POST', url: '/v1/ask', payload: { question: `${secret}`.repeat(200) } }); // too long
  await app.inject({ method: 'POST', url: '/v1/ask', payload: { question: 42, note: secret } }); // invalid body
  await app.inject(`/v1/search?q=${secret}%20transfer`);
  const client = await injectChat(t, app);
  await client.next();
  client.send({ type: 'ask', id: 'a', question: `Who receives my ${secret} data?` });
  client.send({ type: 'ask', id: 'b', question: `   ${secret}\u0000`, documentId: 'nope' });
  client.sendRaw(`{"type":"ask","id":"c","question":"${secret}"`); // malformed
  client.send({ type: 'ask', id: 'd', question: secret.repeat(300) });
  await client.take(4);
  t.ok(log.lines.length > 10, `${log.lines.length} log lines at debug level`);
  t.notMatch(log.text(), secret, 'the question text is in no log line, at debug level');
  const answered = log.lines.filter((l) => l.outcome === 'answered');
  t.equal(answered.length, 2, 'one line per answered ask');
  for (const line of answered) {
    t.type(line.questionLength, 'number', 'its length');
    t.match(line.questionHash, /^[A-Za-z0-9_-]{22}$/, 'a keyed hash (128 bits, base64url)');
    t.equal(line.question, undefined, 'no text field');
    t.type(line.latencyMs, 'number', 'latency');
    t.ok('answerable' in line && 'verdict' in line && 'topClauseId' in line, 'the outcome');
  }
});

t.test('questionHash: the same question gives the same hash within a process; the key changes it', async (t) => {
  const a = new QuestionLog();
  const b = new QuestionLog();
  t.equal(a.hash('Is my data sent to Japan?'), b.hash('Is my data sent to Japan?'), 'same per-process key');
  t.not(a.hash('Is my data sent to Japan?'), a.hash('Is my data sent to Canada?'));
  const keyed = new QuestionLog({ logHashKey: 'operator-key-0123456789' });
  const keyed2 = new QuestionLog({ logHashKey: 'operator-key-0123456789' });
  t.equal(keyed.hash('x'), keyed2.hash('x'), 'LOG_HASH_KEY: stable across processes');
  t.not(keyed.hash('x'), a.hash('x'), 'and different from the random key');
  t.same(keyed.fields('café ☕'), { questionLength: 6, questionHash: keyed.hash('café ☕') }, 'length in code points');
});

t.test('questionHash is HMAC-SHA256 under LOG_HASH_KEY (UTF-8), base64url, its first 22 characters', async (t) => {
  const key = 'operator-key-0123456789';
  const log = new QuestionLog({ logHashKey: key });
  for (const q of ['Is my data sent to Japan?', 'café ☕ 日本']) t.equal(log.hash(q), createHmac('sha256', key).update(q, 'utf8').digest('base64url').slice(0, 22), q);
});

t.test('LOG_QUESTIONS=true logs the (cleaned) question, and says so at start', async (t) => {
  const log = captureLogger();
  const app = await buildTestApp(t, { logger: log.logger, env: { LOG_QUESTIONS: 'true' } });
  await app.inject({ method: 'POST', url: '/v1/ask', payload: { question: 'Is my walrus data sent to Japan?\u202E' } });
  const line = log.lines.find((l) => l.outcome === 'answered');
  t.equal(line?.question, 'Is my walrus data sent to Japan?', 'the cleaned question is logged');
  t.ok(log.lines.some((l) => l.level === 40 && /LOG_QUESTIONS is on/.test(String(l.msg))), 'a warning at start');
});

t.test('control, bidi and zero-width characters never reach a log line unescaped', async (t) => {
  const log = captureLogger('debug');
  const app = await buildTestApp(t, { logger: log.logger, env: { LOG_QUESTIONS: 'true' } });
  const nasty = 'x\u0000\u001B[31m\u202Eevil\u2066\u200B\u2028\r\n{"level":60}\uD800\u0085';
  const client = await injectChat(t, app);
  await client.next();
  client.send({ type: 'ask', id: nasty.slice(0, 40), question: `Japan? ${nasty}` });
  client.send({ type: 'ask', id: nasty.slice(0, 40), question: '' });
  client.send({ type: 'subscribe', id: nasty.slice(0, 40) });
  await client.take(3);
  await app.inject({ url: `/v1/documents/${encodeURIComponent(nasty.replace(/[\uD800-\uDFFF]/g, ""))}%E2%80%AE` });
  const text = log.text();
  const lines = text.split('\n').filter(Boolean);
  t.ok(lines.length > 5);
  for (const line of lines) t.notMatch(line, RAW_UNSAFE, `no raw unsafe character in: ${line.slice(0, 80)}`);
  t.ok(log.lines.some((l) => typeof l.askId === 'string' && l.askId.includes('\\u{202E}')), 'the ask id is logged escaped');
  t.equal(escapeForLog('a\u202Eb\u0000c'), 'a\\u{202E}b\\u{0000}c');
  t.equal(escapeForLog('plain text, émoji 😀'), 'plain text, émoji 😀', 'ordinary text untouched');
});

t.test('authorization headers and API keys are redacted', async (t) => {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: 'info' }, stream);
  logger.info({ req: { headers: { authorization: 'Bearer sekrit-1', 'x-api-key': 'sekrit-2', cookie: 'sid=sekrit-3' } } }, 'a');
  logger.info({ headers: { authorization: 'Bearer sekrit-4', 'x-api-key': 'sekrit-5' } }, 'b');
  logger.info({ config: { access: { apiKeys: ['sekrit-6'], conversationSecret: 'sekrit-8' }, logging: { hashKey: 'sekrit-7' } } }, 'c');
  const text = chunks.join('');
  t.notMatch(text, /sekrit/, 'no credential in the output');
  t.match(text, /\[Redacted\]/);
});
