/**
 * Markup stays text: questions and policy texts containing <script>, <img onerror> and friends are
 * shown as characters in the widget and the console, and nothing runs. The corpus fixture
 * (tests/fixtures/web-corpus/markup-policy.txt) has markup in a heading and in clause texts.
 */
import t from 'tap';
import { launch, probeElementsScript, startServer, watchedPage, WEB_CORPUS } from '../fixtures/browser.ts';

const IMG = '<img src=x onerror="window.__xss=1">';
const SCRIPT = '<script>window.__xss=1</script>';

t.test('the widget: markup in questions and in the policy is inert text', async (t) => {
  const browser = await launch(t);
  const server = await startServer(t, { corpusDir: WEB_CORPUS });
  const { page, problems } = await watchedPage(await browser.newContext());
  await page.goto(`${server.url}/`);
  const panel = page.getByRole('dialog');
  await panel.locator('.pqa-conn[data-state="online"]').waitFor();
  const input = page.getByRole('textbox', { name: 'Your question' });
  const answers = panel.locator('.pqa-msg--bot');

  const questions = [
    `Do you share my data ${IMG} with advertising partners?`,
    `${SCRIPT} Do you collect my e-mail address?`,
    'Who do I contact about my personal data?',
  ];
  for (const [i, q] of questions.entries()) {
    await input.fill(q);
    await input.press('Enter');
    await answers.nth(i).waitFor();
    t.equal(await panel.locator('.pqa-question').nth(i).textContent(), q, `question ${i + 1} is shown as typed`);
  }

  // The policy's markup comes back in answers, excerpts, headings and the whole clause.
  const shown = (await panel.locator('.pqa-log').textContent()) ?? '';
  t.match(shown, 'advertising partners <iframe src="javascript:window.__xss=3"></iframe> only', 'an excerpt with an iframe, as text');
  t.match(shown, 'Sharing <script>window.__xss=2</script>', 'a heading with a script, as text');
  t.match(shown, '<b onmouseover="window.__xss=4">with questions</b>', 'an inline handler, as text');
  for (const toggle of await panel.locator('.pqa-toggle').all()) await toggle.click();
  await panel.locator('.pqa-clause-text').first().waitFor();
  const clauses = (await panel.locator('.pqa-clause-text').allTextContents()).join('\n');
  t.match(clauses, `e-mail address ${IMG} when`, 'the whole clause, markup as text');

  // Hover over the would-be <b onmouseover>: nothing there to fire.
  await panel.locator('.pqa-excerpt', { hasText: 'onmouseover' }).first().hover();
  t.equal(await page.evaluate('typeof window.__xss'), 'undefined', 'no probe ran');
  t.same(await page.evaluate(probeElementsScript()), [], 'no element was created from the markup (page and shadow root)');
  t.same(problems, [], 'no CSP violation (an injected inline script would be one)');
});

t.test('the console: markup in search results, the clause view, the document and the copy', async (t) => {
  const browser = await launch(t);
  const server = await startServer(t, { corpusDir: WEB_CORPUS });
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const { page, problems } = await watchedPage(context);
  await page.goto(`${server.url}/agent`);
  const search = page.getByRole('searchbox', { name: 'Search all clauses' });
  await search.fill(`advertising partners ${IMG}`);
  await page.locator('a.result').first().waitFor();
  t.match(await page.locator('a.result').first().textContent(), 'Sharing <script>window.__xss=2</script>');
  await page.locator('a.result').first().click();
  await page.locator('#selected:not([hidden])').waitFor();
  t.match(await page.locator('#selected-title').textContent(), 'Sharing <script>window.__xss=2</script>');
  t.match(await page.locator('#selected-excerpt').textContent(), '<iframe src="javascript:window.__xss=3"></iframe>');
  const docText = (await page.locator('#doc-text').textContent()) ?? '';
  t.match(docText, IMG, 'the document view shows the markup as text');
  await page.getByRole('button', { name: 'Copy citation' }).click();
  await page.locator('#copy-status', { hasText: 'copied' }).waitFor();
  t.match(await page.evaluate('navigator.clipboard.readText()'), '<iframe src="javascript:window.__xss=3"></iframe>', 'the copy is the verbatim text');
  // A deep link with markup in it is just a clause id that does not exist.
  await page.goto(`${server.url}/agent#markup-policy/${encodeURIComponent(SCRIPT)}`);
  await page.locator('#empty', { hasText: 'has no clause' }).waitFor();
  t.match(await page.locator('#empty').textContent(), SCRIPT);
  t.equal(await page.evaluate('typeof window.__xss'), 'undefined', 'no probe ran');
  t.same(await page.evaluate(probeElementsScript()), []);
  t.same(problems, []);
});
