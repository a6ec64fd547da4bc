/**
 * Answers on the wordings real policies use and the gold sets' house style does not: hosting
 * places as transfers, "another country" as the rule for all others, inflected light verbs,
 * declines when the policy speaks of transfers but not of the country asked about.
 */
import t, { type Test } from 'tap';
import { parseDocument } from '../../src/corpus/load.ts';
import { ClauseIndex } from '../../src/search/clause-index.ts';
import { answerQuestion, type AnswerResult } from '../../src/answer/answer-question.ts';
import type { Answer } from '../../src/answer/types.ts';

const GLOBAL = `# Lumen Player Privacy Policy

## What happens if Lumen is sold?

If we or substantially all of our assets are acquired by another organisation, the data we hold about our users will be one of the transferred assets.

## Where is your data?

We are a global project and our computers are in several places around the world. Your information might end up on a computer in another country, which may protect data less than yours does.
`;

const HOSTED = `# Relay Chat Privacy Notice

## Who else has access to my data?

Our admin server is hosted in a data centre in Frankfurt.

We also host the forum app on a cloud provider, in a datacenter in Canada.
`;

const global = ClauseIndex.build([parseDocument('lumen.md', GLOBAL)]);
const hosted = ClauseIndex.build([parseDocument('relay.md', HOSTED)]);

function ask(index: ClauseIndex, ...turns: string[]): Answer {
  let result: AnswerResult | undefined;
  for (const q of turns) result = answerQuestion(index, q, { context: result?.context });
  return result!.answer;
}

function verbatim(t: Test, index: ClauseIndex, a: Answer) {
  for (const c of a.citations) t.equal(index.getDocument(c.documentId)!.text.slice(c.start, c.end), c.excerpt, 'verbatim citation');
}

t.test('an inflected light verb ("gets") carries no topic: the question is about being bought', async (t) => {
  const a = ask(global, 'what happens to my data if lumen gets bought');
  t.equal(a.answerable, true, a.text);
  t.match(a.text, /acquired/);
  verbatim(t, global, a);
});

t.test('"another country" states the rule for all others: a country the policy does not name is conditional', async (t) => {
  const a = ask(global, 'Is my data transferred to Brazil?');
  t.equal(a.answerable, true, a.text);
  t.equal(a.verdict, 'conditional');
  t.match(a.text, /around the world|another country/);
  verbatim(t, global, a);
});

t.test('a sentence that hosts an app in a datacenter in a country answers a transfer to it', async (t) => {
  const a = ask(hosted, 'Is my data transferred to Canada?');
  t.equal(a.answerable, true, a.text);
  t.equal(a.verdict, 'yes');
  t.match(a.citations[0]!.excerpt, /Canada/);
  verbatim(t, hosted, a);
});

t.test('transfers spoken of, but neither the country asked about nor a rule for others: declined, naming the closest passage', async (t) => {
  const a = ask(hosted, 'Is a transfer of my data to Japan covered by standard contractual clauses?');
  t.equal(a.answerable, false, a.text);
  t.equal(a.verdict, 'not_stated');
  t.match(a.text, /does not say/);
  t.ok(a.citations.length > 0, 'names the closest passage');
  verbatim(t, hosted, a);
});
