/** Answers from the policy model and routing to the policy a question names, on two small synthetic policies. */
import t, { type Test } from 'tap';
import { answerQuestion } from '../../../src/answer/answer-question.ts';
import { parseDocument } from '../../../src/corpus/parse-document.ts';
import { ClauseIndex } from '../../../src/search/clause-index.ts';
import { assertVerbatim } from '../../helper.ts';

const QUILL = `# Quill Privacy Policy

## Who we are

Where you read "Quill" or "we", it refers to Quill, a trading name of Inkwell Systems Ltd.

Quill is the data controller for your data. You can reach us as follows:

Postal address:
Inkwell Systems Ltd
4 Harbour Road
Leith EH6 6LX
United Kingdom

## Contact

Write to privacy@quill.example with any question about this policy.

## Children

If you are under 16, please do not use Quill.

## Logs

We keep server logs for 14 days.
`;

const BEACON = `# Beacon Privacy Notice

Beacon is a service provided by Open Ledger Foundation, a nonprofit in Canada.

## Logs

Beacon deletes request logs after 30 days. We do not use cookies.
`;

const both = ClauseIndex.build([parseDocument('quill.md', QUILL), parseDocument('beacon.md', BEACON)]);
const quill = ClauseIndex.build([parseDocument('quill.md', QUILL)]);

/** Every citation of `r` is verbatim (tests/helper.ts). */
const verbatim = (t: Test, index: ClauseIndex, r: ReturnType<typeof answerQuestion>) => assertVerbatim(t, index, r.answer);

t.test('who is the controller: the legal entity behind the trading name, with its address, citing its sentence', async (t) => {
  const r = answerQuestion(quill, 'Who is the data controller?');
  t.match(r.answer.text, /Inkwell Systems Ltd/);
  t.match(r.answer.text, /4 Harbour Road/);
  t.match(r.answer.citations[0]!.excerpt, /Quill is the data controller/);
  verbatim(t, quill, r);
});

t.test('contact questions get the e-mail address; questions about the user\'s own e-mail address do not', async (t) => {
  const r = answerQuestion(quill, 'What email do I write to about privacy?');
  t.match(r.answer.text, /privacy@quill\.example/);
  verbatim(t, quill, r);
  const own = answerQuestion(quill, 'Do you collect my email address?');
  t.notMatch(own.answer.text, /privacy@quill\.example/, 'not read as a contact question');
});

t.test('a fact the model lacks is declined, naming the closest passage', async (t) => {
  const dpo = answerQuestion(quill, 'What is the name of your data protection officer?');
  t.equal(dpo.answer.answerable, false);
  const phone = answerQuestion(answerIndex(BEACON), 'What email address can I use to contact Beacon?');
  t.equal(phone.answer.answerable, false, 'no e-mail address in the policy');
  const dnt = answerQuestion(quill, 'Do you honour Do Not Track signals?');
  t.match(dnt.answer, { answerable: false, verdict: 'not_stated' });
});

t.test('minimum age, and a verdict for the age a question gives', async (t) => {
  t.match(answerQuestion(quill, 'What is the minimum age?').answer.text, /16/);
  t.match(answerQuestion(quill, 'Can a 12 year old use Quill?').answer, { verdict: 'no' });
  t.match(answerQuestion(quill, 'Can a 17 year old use Quill?').answer, { verdict: 'yes' });
});

t.test('routing: a question naming a policy is answered from it; an unnamed one says which policy answered', async (t) => {
  t.equal(answerQuestion(both, 'How long does Beacon keep logs?').documentId, 'beacon');
  t.equal(answerQuestion(both, 'How long does Quill keep logs?').documentId, 'quill');
  t.equal(answerQuestion(both, 'Who runs Open Ledger Foundation?').documentId, 'beacon', 'by the operator\'s name');
  t.equal(answerQuestion(both, 'Who is Inkwell Systems?').documentId, 'quill', 'by the legal entity without its legal form');
  const unnamed = answerQuestion(both, 'Do you use cookies?');
  t.match(unnamed.answer.text, /\(From [^)]+\.\)$/, 'the answer names its policy');
  t.notMatch(answerQuestion(both, 'Do Beacon use cookies?').answer.text, /\(From /, 'not when the question names it');
});

function answerIndex(text: string): ClauseIndex {
  return ClauseIndex.build([parseDocument('one.md', text)]);
}
