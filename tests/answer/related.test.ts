/**
 * The further citations after an answer (src/answer/related.ts): ranked over the whole document
 * with the question's privacy topics, so a question worded unlike the policy still gets the
 * passage about what it asks cited, even when the clause index does not retrieve it.
 */
import t from 'tap';
import { parseDocument } from '../../src/corpus/load.ts';
import { ClauseIndex } from '../../src/search/clause-index.ts';
import { answerQuestion } from '../../src/answer/answer-question.ts';
import { TOPIC_NAMES, topicCounts, topicMatch, topicsOf } from '../../src/answer/topics.ts';
import { termsOf } from '../../src/text/analyze.ts';
import { assertNoOverlap, assertVerbatim } from '../helper.ts';

const POLICY = [
  '# Privacy Policy',
  '',
  '## About this policy',
  '',
  'This policy explains how Acme Books treats your data when you buy books from our online shop. Please read it carefully.',
  '',
  '## Orders',
  '',
  'We collect your name and postal address when you place an order. Your order history is kept in your account.',
  '',
  '## Advertising',
  '',
  'Our advertising partners and affiliates may receive your purchase history so that they can show you offers.',
  '',
  '## Security',
  '',
  'We protect your account with encryption and strict access controls for our staff.',
  '',
  '## Changes',
  '',
  'We may change this policy from time to time and will post the new version on this page.',
  '',
].join('\n');

const topicsOfText = (text: string) => topicsOf(termsOf(text)).map((i) => TOPIC_NAMES[i]);

t.test('sentences and questions get the privacy topics their words name', async (t) => {
  t.same(topicsOfText('Will they disclose my data?'), ['sharing']);
  t.same(topicsOfText('How do you protect my password?'), ['security']);
  t.same(topicsOfText('What is the weather like?'), [], 'no topic');
  const sharing = TOPIC_NAMES.indexOf('sharing');
  const partners = topicCounts(new Set(termsOf('Our advertising partners and affiliates may receive it')));
  t.equal(topicMatch(partners, [sharing]), 1, 'two sharing markers: a full match');
  t.equal(topicMatch(topicCounts(new Set(termsOf('We sell books'))), [sharing]), 0.5, 'one marker: half');
  t.equal(topicMatch(partners, []), 0, 'a question without topics matches nothing');
});

t.test('a question worded unlike the policy gets the passage about its topic cited', async (t) => {
  const index = ClauseIndex.build([parseDocument('books.md', POLICY)]);
  for (const question of ['Will they disclose my data?', 'Is my data given to other companies?']) {
    const { answer } = answerQuestion(index, question);
    const top = answer.citations.slice(0, 3);
    t.ok(top.some((c) => c.excerpt.includes('advertising partners')), `${question}: the advertising partners sentence is among the first three citations`);
    assertVerbatim(t, index, answer);
    assertNoOverlap(t, answer);
    for (let i = 1; i < answer.citations.length; i++) t.ok(answer.citations[i]!.score <= answer.citations[i - 1]!.score, 'best first');
  }
});

t.test('the top citation for a question the policy words alike is unchanged', async (t) => {
  const index = ClauseIndex.build([parseDocument('books.md', POLICY)]);
  const { answer } = answerQuestion(index, 'How do you protect my account?');
  t.match(answer.citations[0]?.excerpt, /encryption/, 'the security sentence answers');
});
