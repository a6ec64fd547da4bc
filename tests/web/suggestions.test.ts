/**
 * The demo page's "Try asking" list comes from the loaded documents' facts, and every suggestion
 * is answered right: a visitor who asks it through the widget gets an answer (not a decline) that
 * states the fact the suggestion was built from. Then the console shows the model as the
 * document's summary card. Headless Chromium, under a strict CSP.
 */
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { launch, screenshot, startServer, watchedPage } from '../fixtures/browser.ts';

const HARBOR = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));

async function askEachSuggestion(t: Test, corpusDir: string | undefined): Promise<string[]> {
  const browser = await launch(t);
  const server = await startServer(t, corpusDir ? { corpusDir } : {});
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, problems } = await watchedPage(context);
  await page.goto(`${server.url}/`);
  await page.locator('.examples[data-source="facts"]').waitFor();
  const items = page.locator('.examples li');
  const suggestions = await items.evaluateAll((lis) => lis.map((li) => ({ question: li.textContent ?? '', expect: li.getAttribute('data-expect') ?? '' })));
  t.ok(suggestions.length >= 2, `suggestions from the facts: ${suggestions.map((s) => s.question).join(' | ')}`);

  const panel = page.getByRole('dialog', { name: 'Privacy questions' });
  await panel.locator('.pqa-conn[data-state="online"]').waitFor();
  const input = page.getByRole('textbox', { name: 'Your question' });
  const answers = panel.locator('.pqa-msg--bot');
  for (const [i, s] of suggestions.entries()) {
    t.ok(s.expect, `"${s.question}" says what its answer must state`);
    await input.fill(s.question);
    await input.press('Enter');
    await answers.nth(i).waitFor();
    const text = (await answers.nth(i).locator('.pqa-answer-text').textContent()) ?? '';
    t.ok(text.includes(s.expect), `"${s.question}" → the answer states ${s.expect}: ${text.slice(0, 160)}`);
    t.notMatch(text, /does not (address|state|say)/, 'not a decline');
    t.ok((await answers.nth(i).locator('.pqa-cite').count()) > 0, 'with a citation');
  }
  await screenshot(page, 'demo-suggestions');
  t.same(problems, [], 'no CSP violations or page errors');
  return suggestions.map((s) => s.question);
}

t.test('seed corpus: the suggestions are the seed policy\'s facts, and each is answered with its fact', async (t) => {
  const questions = await askEachSuggestion(t, undefined);
  t.ok(questions.some((q) => /companies belong to the group/.test(q)), 'the group question, as the seed lists group companies');
});

t.test('several documents: each suggestion names its policy and is answered from it', async (t) => {
  const questions = await askEachSuggestion(t, HARBOR);
  t.ok(questions.every((q) => / for [^?]+\?$/.test(q)), 'questions name the policy they are about');
});

t.test('the console shows the policy model as the document summary card', async (t) => {
  const browser = await launch(t);
  const server = await startServer(t);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, problems } = await watchedPage(context);
  await page.goto(`${server.url}/agent#webpros-privacy-policy`);
  const card = page.locator('.summary-card');
  await card.waitFor();
  const text = (await card.textContent()) ?? '';
  t.match(text, /Group companies.*WebPros Japan K\.K\./s, 'the group companies');
  t.match(text, /Transfers.*United States.*standard contractual clauses/s, 'a transfer rule with its basis');
  await card.locator('a.fact-source').first().click();
  t.match(page.url(), /#webpros-privacy-policy\/[\w.~-]+$/, 'a fact links to its clause');
  await screenshot(page, 'agent-summary-card');
  t.same(problems, []);
});
