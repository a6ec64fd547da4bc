/** The hand-built `ask answered` line is the line pino would write for the same fields. */
import t from 'tap';
import { ASK_ANSWERED, logAskAnswered, type AnsweredFields, type AskFields } from '../../src/server/ask-log.ts';

type AskAnsweredFields = AskFields & AnsweredFields;

/** The two halves logAskAnswered takes. */
function split(f: AskAnsweredFields): [AskFields, AnsweredFields] {
  const { transport, askId, questionLength, questionHash, question, documentId, followUp, ...outcome } = f;
  return [{ transport, askId, questionLength, questionHash, question, documentId, followUp }, outcome];
}
import { captureLogger } from '../helper.ts';

const base: AskAnsweredFields = {
  transport: 'ws',
  askId: 'a-1',
  questionLength: 33,
  questionHash: 'abcdefghijklmnopqrstuv',
  question: undefined,
  documentId: 'some-policy',
  followUp: true,
  answerable: true,
  verdict: 'yes',
  confidence: 0.93,
  citations: 2,
  topClauseId: 'B.1',
  cached: false,
  latencyMs: 0.12,
};

const cases: Array<[string, AskAnsweredFields]> = [
  ['a typical answer', base],
  ['declined, no verdict, no citation, no document, no id', { ...base, askId: undefined, documentId: undefined, answerable: false, verdict: null, topClauseId: null, citations: 0, followUp: false, transport: 'http' }],
  ['client strings with quotes, a newline, a bidi override and a zero-width space', { ...base, askId: 'x"\\\n\u202Ey\u200B', documentId: 'doc "quoted"' }],
  ['LOG_QUESTIONS: the question text', { ...base, question: 'Is my data sent to Japan? \u0007' }],
];

for (const [name, fields] of cases) {
  t.test(name, async (t) => {
    const fast = captureLogger();
    const slow = captureLogger();
    const fastLog = fast.logger.child({ reqId: 'req-1' });
    const slowLog = slow.logger.child({ reqId: 'req-1' });
    logAskAnswered(fastLog, ...split(fields));
    const { transport, askId, questionLength, questionHash, question, documentId, followUp, ...outcome } = fields;
    slowLog.info({ transport, askId, questionLength, questionHash, question, documentId, followUp, outcome: 'answered', ...outcome }, ASK_ANSWERED);
    t.equal(fast.text().split('\n').length, 2, 'one line');
    const [a] = fast.lines;
    const [b] = slow.lines;
    t.ok(a && b);
    delete a!.time;
    delete b!.time;
    t.same(a, b);
    t.same(Object.keys(a!), Object.keys(b!), 'same fields in the same order');
    t.notMatch(fast.text(), /[\u0000-\u0009\u000B-\u001F\u202E\u200B]/, 'no raw control or format characters');
  });
}

t.test('below info level nothing is written', async (t) => {
  const log = captureLogger('warn');
  logAskAnswered(log.logger, ...split(base));
  t.equal(log.text(), '');
});
