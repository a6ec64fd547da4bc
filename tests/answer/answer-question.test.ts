/**
 * answerQuestion end to end, in process: on the seed policy and on a policy it has never seen.
 */
import t, { type Test } from 'tap';
import { ask, assertVerbatim, loadIndex, WEBPROS } from '../helper.ts';
import { parseDocument } from '../../src/corpus/load.ts';
import { ClauseIndex } from '../../src/search/clause-index.ts';
import { answerQuestion, type AnswerResult } from '../../src/answer/answer-question.ts';
import { sanitizeContext, type ConversationContext } from '../../src/answer/conversation.ts';
import type { Answer } from '../../src/answer/types.ts';

const seed = await loadIndex();

const UNSEEN = `# Harbor & Pine Privacy Policy

## 1. Who we are

Harbor & Pine Software Inc., 77 Alder Way, Portland, OR 97205 / USA is responsible for your data. Write to privacy@harborpine.example with any request.

## 2. Our offices

- Harbor & Pine Software Inc., 77 Alder Way, Portland, OR 97205 / USA
- Harbor & Pine Asia Pte. Ltd., 8 Marina View, Singapore 018960 / Singapore
- Pinecone Analytics Ltda., Avenida Paulista 1000, São Paulo 01310-100 / Brazil

## 3. International transfers

We transfer support tickets to Harbor & Pine Asia Pte. Ltd. in Singapore under standard contractual clauses. We do not transfer personal data to China. Transfers to other countries require your consent.

## 4. Retention

Support tickets are deleted after 24 months.
`;
const unseen = ClauseIndex.build([parseDocument('harbor-pine.md', UNSEEN)]);


t.test('the answer object', async (t) => {
  const a = ask(seed, 'Is a transfer of my data to Japan covered?');
  t.match(a, { answerable: true, verdict: 'yes' });
  t.ok(a.confidence >= 0 && a.confidence <= 1);
  t.ok(a.citations.length >= 1);
  t.match(a.citations[0], { documentId: WEBPROS, clauseId: 'B', heading: 'Third Country Transfer' });
  t.match(a.text, /adequacy/i);
  t.ok(a.citations[0]!.excerpt.length < 400, 'the sentence, not the section');
  assertVerbatim(t, seed, a);
});

t.test('who to contact: the entity and its full postal address', async (t) => {
  const a = ask(seed, 'Who should I contact to exercise my data protection rights?');
  t.equal(a.citations[0]?.clauseId, 'C.2');
  t.match(a.text, /WebPros International GmbH.*Vordergasse 59.*8200 Schaffhausen/s);
  const u = ask(unseen, 'Who is responsible for my data?');
  t.match(u.text, /Harbor & Pine Software Inc\..*77 Alder Way/);
  t.match(u.text, /privacy@harborpine\.example/, 'the e-mail address the policy gives comes along');
  assertVerbatim(t, unseen, u);
});

t.test('transfers: yes with its basis, no, conditional for a country the policy does not name', async (t) => {
  const sg = ask(unseen, 'Is my data transferred to Singapore?');
  t.equal(sg.verdict, 'yes');
  t.match(sg.text, /standard contractual clauses/);
  t.equal(ask(unseen, 'Can my data be sent to China?').verdict, 'no');
  const peru = ask(unseen, 'Is a transfer to Peru covered?');
  t.equal(peru.verdict, 'conditional');
  t.match(peru.text, /does not name Peru.*consent/s);
  t.equal(ask(seed, 'Is a transfer to Bulgaria covered?').verdict, 'yes', 'an EU country, where the policy speaks of transfers outside the EU');
  t.match(ask(seed, 'Will my data be transferred to Brazil?').verdict ?? '', /conditional|not_stated/);
});

t.test('questions about listed companies are answered from the records', async (t) => {
  const where = ask(seed, 'Where is WebPros Japan located?');
  t.match(where.text, /Ginza.*Tokyo/);
  t.equal(where.citations[0]?.clauseId, 'C.1~2');
  t.match(where.citations[0]?.excerpt, /^WebPros Japan K\.K\./, 'cites the list item');
  const germany = ask(seed, 'Which group companies are based in Germany?');
  t.match(germany.text, /WebPros Germany GmbH.*XOVI GmbH/s);
  const comet = ask(seed, 'Is Comet part of the WebPros group?');
  t.equal(comet.verdict, 'yes');
  t.match(comet.text, /Comet Licensing Ltd\./);
  t.match(ask(unseen, 'Where is Pinecone based?').text, /São Paulo/);
});

t.test('yes/no questions read negation from the cited sentence', async (t) => {
  const lakeside = ClauseIndex.build([
    parseDocument('cookies.md', '# Policy\n\n## 7. Cookies\n\nOur website uses only cookies that are strictly necessary for its operation. We do not use advertising or tracking cookies.\n'),
  ]);
  t.equal(ask(lakeside, 'Do you use tracking cookies?').verdict, 'no');
  t.equal(ask(seed, 'Does the UK GDPR apply?').verdict, 'yes');
});

t.test('what the policy does not address is declined, plainly', async (t) => {
  for (const q of ['How long do you keep my data?', 'Do you sell my personal data to advertisers?', "What's the weather in Tokyo tomorrow?", 'Do you use cookies on your website?']) {
    const a = ask(seed, q);
    t.equal(a.answerable, false, q);
    t.match(a.text, /does not (address|say)/, q);
    assertVerbatim(t, seed, a);
  }
  t.equal(ask(unseen, 'How long do you keep support tickets?').answerable, true, 'the same question where the policy says');
  t.match(ask(unseen, 'How long do you keep support tickets?').text, /24 months/);
});

t.test('follow-ups resolve against the previous turn', async (t) => {
  const usa = ask(seed, 'Is a transfer to Japan covered?', 'What about the USA?');
  t.match(usa.text, /Data Privacy Framework/);
  t.equal(usa.citations[0]?.clauseId, 'B');
  t.match(ask(seed, 'Where is WHMCS based?', 'And Comet?').text, /Christchurch/);
  t.match(ask(seed, 'Which company should I contact about my privacy rights?', 'What is their address?').text, /Vordergasse 59/);
  t.equal(ask(unseen, 'Is my data transferred to Singapore?', 'And to China?').verdict, 'no');
});

t.test('typos, terse questions and other languages', async (t) => {
  t.match(ask(seed, 'who do i contcat about my privacy rigths').text, /WebPros International GmbH/);
  t.equal(ask(seed, 'transfer to japan?').verdict, 'yes');
  t.equal(ask(seed, 'Ist eine Übermittlung meiner Daten nach Japan abgedeckt?').verdict, 'yes');
  t.match(ask(seed, '¿A quién debo contactar para ejercer mis derechos?').text, /Vordergasse 59/);
  t.equal(ask(seed, 'Le transfert de mes données vers le Japon est-il couvert ?').verdict, 'yes');
});

t.test('restricting to a document, and an unknown document', async (t) => {
  const both = ClauseIndex.build([...seed.listDocuments(), parseDocument('harbor-pine.md', UNSEEN)]);
  const a = answerQuestion(both, 'Is my data transferred to Singapore?', { documentId: WEBPROS }).answer;
  t.ok(a.citations.every((c) => c.documentId === WEBPROS));
  const b = answerQuestion(both, 'Is my data transferred to Singapore?').answer;
  t.equal(b.citations[0]?.documentId, 'harbor-pine', 'across documents, the one that answers');
  t.equal(answerQuestion(both, 'anything', { documentId: 'nope' }).answer.answerable, false);
});

t.test('a context from outside is checked and capped', async (t) => {
  t.equal(sanitizeContext('nope'), null);
  const ctx = sanitizeContext({ turns: 3, countries: ['JP', 42, 'x'.repeat(100)], intents: ['transfer'], entity: 'A'.repeat(1000), __proto__: { polluted: true } }) as ConversationContext;
  t.same(ctx.countries, ['JP']);
  t.equal(ctx.entity!.length, 200);
  // The checked context carries the earlier question's intent: the follow-up is a transfer question.
  const followUp = answerQuestion(seed, 'What about the USA?', { context: ctx }).answer;
  t.equal(followUp.verdict, 'yes', 'the follow-up reads the transfer intent from the checked context');
  t.match(followUp.text, /Data Privacy Framework/);
  // Without history, the same words are answered on their own: what the policy says about the USA.
  const alone = ask(seed, 'What about the USA?');
  t.equal(alone.answerable, true, 'a follow-up with no history still answers');
  t.match(alone.text, /USA|United States/);
  assertVerbatim(t, seed, alone);
});
