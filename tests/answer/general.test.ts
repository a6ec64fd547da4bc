/**
 * The passages cited after the answer's own (src/answer/general.ts, relatedWindows): ranked
 * across the retrieved clauses sentence by sentence, so a long clause that states the answer
 * twice, far apart, gets both places cited; windows never overlap and stay verbatim.
 */
import t from 'tap';
import { parseDocument } from '../../src/corpus/load.ts';
import { ClauseIndex } from '../../src/search/clause-index.ts';
import { answerQuestion } from '../../src/answer/answer-question.ts';
import { assertNoOverlap, assertVerbatim } from '../helper.ts';

const filler = [
  'Our editors review every article before it is published on the site.',
  'The newsroom operates from several cities and covers local and national stories.',
  'Subscribers receive the printed edition every weekend and the digital edition daily.',
  'Readers can comment on articles after creating a profile with a display name.',
  'Comments that break the community rules are hidden by moderators within a day.',
];
const POLICY = [
  '# Privacy Policy',
  '',
  '## How we work with others',
  '',
  [
    'We share your personal information with our payment processor to complete your purchases.',
    ...filler,
    'We also share your personal information with advertising partners when you agree to it.',
  ].join(' '),
  '',
  '## Security',
  '',
  'We protect your account with encryption and access controls for our staff.',
  '',
  '## Contact',
  '',
  'Write to privacy@example.org with any question about this policy.',
  '',
].join('\n');

t.test('a clause that states the answer in two places gets both cited', async (t) => {
  const index = ClauseIndex.build([parseDocument('news.md', POLICY)]);
  const { answer } = answerQuestion(index, 'Who do you share my personal information with?');
  const top = answer.citations.slice(0, 3);
  t.ok(top.some((c) => c.excerpt.includes('payment processor')), 'the payment processor sentence is cited');
  t.ok(top.some((c) => c.excerpt.includes('advertising partners')), 'so is the advertising partners sentence of the same clause');
  assertVerbatim(t, index, answer);
  assertNoOverlap(t, answer);
});
