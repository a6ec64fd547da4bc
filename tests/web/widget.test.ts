/**
 * The chat widget on the demo page, in headless Chromium, as a visitor uses it: ask, read the
 * answer and its citation, ask a follow-up, open a clause, use the keyboard. Under a strict CSP.
 */
import t from 'tap';
import { launch, openDemo, screenshot, startServer, watchedPage } from '../fixtures/browser.ts';
import { ClauseIndex } from '../../src/search/clause-index.ts';
import { IndexHolder } from '../../src/server/index-holder.ts';
import { loadIndex } from '../helper.ts';

const JAPAN = 'Is a transfer of my data to Japan covered?';

t.test('the demo page: ask, follow up, open the clause, keyboard and screen-reader bits', async (t) => {
  const browser = await launch(t);
  const server = await startServer(t);
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const { page, problems } = await watchedPage(context);
  await page.goto(`${server.url}/`);

  const panel = page.getByRole('dialog', { name: 'Privacy questions' });
  await panel.waitFor();
  const status = panel.locator('.pqa-conn');
  await panel.locator('.pqa-conn[data-state="online"]').waitFor();
  t.equal((await status.textContent())?.trim(), 'Connected', 'the header shows the connection state');

  const input = page.getByRole('textbox', { name: 'Your question' });
  t.equal(await input.getAttribute('maxlength'), '1000', 'the input takes its limit from ready.limits');

  // --- first question ---------------------------------------------------------------------
  await input.fill(JAPAN);
  await input.press('Enter');
  const answers = panel.locator('.pqa-msg--bot');
  await answers.first().waitFor();
  t.equal(await panel.locator('.pqa-question').first().textContent(), JAPAN, 'the question is in the transcript');
  const first = answers.first();
  t.equal(await first.locator('.pqa-badge').textContent(), 'Short answer: Yes', 'a verdict badge (its label for screen readers, then the verdict)');
  t.ok(await first.locator('.pqa-badge--yes').isVisible());
  t.match(await first.locator('.pqa-answer-text').textContent(), /Japan/);
  t.equal(await first.locator('.pqa-sources-title').textContent(), 'Where the policy says so');
  const cite = first.locator('.pqa-cite').first();
  t.equal(await cite.locator('.pqa-cite-id').textContent(), 'Clause B');
  t.equal(await cite.locator('.pqa-cite-heading').textContent(), 'Third Country Transfer');
  const marks = await cite.locator('.pqa-excerpt mark.pqa-hl').allTextContents();
  t.ok(marks.length > 0, 'matched terms are highlighted in the excerpt');
  t.ok(marks.some((m) => /transfer/i.test(m)), `the highlights mark the matched words (${marks.join(', ')})`);
  const live = panel.locator('[role="status"]', { hasText: /^Answer: / });
  await live.waitFor({ state: 'attached' });
  t.match(await live.textContent(), /^Answer: Yes\. .*Japan.* \d+ passages? cited\.$/, 'the live region announces the answer');
  t.equal(await page.evaluate('document.activeElement && document.activeElement.shadowRoot && document.activeElement.shadowRoot.activeElement && document.activeElement.shadowRoot.activeElement.id'), 'pqa-input', 'focus stays in the question box');
  await screenshot(page, 'widget-answer');
  await screenshot(panel, 'widget-first-answer'); // docs/widget.png is a copy of this one

  // --- follow-up ----------------------------------------------------------------------------
  await input.fill('What about the USA?');
  await input.press('Enter');
  await answers.nth(1).waitFor();
  const second = answers.nth(1);
  t.match(await second.locator('.pqa-answer-text').textContent(), /USA/, 'the follow-up is answered about the USA');
  t.equal(await second.locator('.pqa-cite-id').first().textContent(), 'Clause B', 'in the context of the transfer clause');
  t.ok(await panel.locator('.pqa-typing').isHidden(), 'no typing indicator once answered');

  // --- show clause ----------------------------------------------------------------------------
  const toggle = second.locator('.pqa-toggle').first();
  t.equal(await toggle.textContent(), 'Show clause');
  t.equal(await toggle.getAttribute('aria-expanded'), 'false');
  await toggle.click();
  const region = second.locator('.pqa-clause').first();
  await region.locator('.pqa-clause-text').waitFor();
  t.equal(await toggle.getAttribute('aria-expanded'), 'true');
  t.equal(await toggle.textContent(), 'Hide clause');
  const clauseText = (await region.locator('.pqa-clause-text').textContent()) ?? '';
  t.match(clauseText, /^B\. Third Country Transfer\nData processing also includes/, 'the whole clause, from its heading');
  const cited = await region.locator('mark.pqa-cited').textContent();
  t.equal(cited, await second.locator('.pqa-excerpt').first().textContent(), 'the cited excerpt is marked inside the clause');
  await toggle.click();
  t.ok(await region.isHidden(), 'the toggle hides it again');
  t.equal(await toggle.getAttribute('aria-expanded'), 'false');
  await toggle.click();
  t.ok(await region.isVisible(), 'and shows it again (from the cache)');

  // --- not stated ------------------------------------------------------------------------------
  await input.fill('Do you sell my data to advertisers?');
  await input.press('Enter');
  await answers.nth(2).waitFor();
  const third = answers.nth(2);
  t.ok(await third.evaluate((n) => n.classList.contains('pqa-msg--unanswered')), 'an unanswerable question is styled as such');
  t.equal(await third.locator('.pqa-unsaid').textContent(), 'The policy does not say');
  t.equal(await third.locator('.pqa-badge').textContent(), 'Short answer: Not stated');
  if ((await third.locator('.pqa-sources-title').count()) > 0) {
    t.equal(await third.locator('.pqa-sources-title').textContent(), 'Closest passages (they do not answer the question)');
  }
  await screenshot(panel, 'widget-panel');

  // --- keyboard ----------------------------------------------------------------------------------
  await input.press('Escape');
  t.ok(await panel.isHidden(), 'Escape closes the panel');
  const launcher = page.getByRole('button', { name: 'Questions about our privacy policy?' });
  t.equal(await launcher.getAttribute('aria-expanded'), 'false');
  t.equal(await page.evaluate('document.activeElement.shadowRoot.activeElement.className'), 'pqa-launcher', 'focus returns to the launcher');
  await page.keyboard.press('Enter');
  t.ok(await panel.isVisible(), 'Enter on the launcher opens it again');
  t.equal(await page.evaluate('document.activeElement.shadowRoot.activeElement.id'), 'pqa-input', 'with focus in the question box');
  t.equal(await answers.count(), 3, 'the transcript is kept');

  t.same(problems, [], 'no CSP violation, no script error');
});

t.test('on a phone (375 px): the page does not scroll sideways, the panel and its Close and Ask buttons are on screen', async (t) => {
  const browser = await launch(t);
  const server = await startServer(t);
  const screen = { width: 375, height: 667 };
  // isMobile: the layout viewport grows to the page's width, as a phone's does.
  const context = await browser.newContext({ viewport: screen, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const { page, problems } = await watchedPage(context);
  await page.goto(`${server.url}/`);
  const panel = page.getByRole('dialog', { name: 'Privacy questions' });
  await panel.locator('.pqa-conn[data-state="online"]').waitFor();
  t.equal(await page.evaluate('document.documentElement.scrollWidth'), screen.width, 'the page is no wider than the screen');
  t.equal(await page.evaluate('window.innerWidth'), screen.width, 'the browser did not zoom out to fit a wider page');

  const onScreen = async (name: string, box: { x: number; y: number; width: number; height: number } | null) => {
    t.ok(box, `${name} is drawn`);
    if (!box) return;
    t.ok(box.x >= 0 && box.x + box.width <= screen.width && box.y >= 0 && box.y + box.height <= screen.height, `${name} is on screen (${JSON.stringify(box)})`);
  };
  await onScreen('the panel', await panel.boundingBox());
  const close = panel.getByRole('button', { name: 'Close' });
  const ask = panel.getByRole('button', { name: 'Ask' });
  await onScreen('Close', await close.boundingBox());
  await onScreen('Ask', await ask.boundingBox());
  await screenshot(page, 'widget-phone');

  await page.getByRole('textbox', { name: 'Your question' }).fill(JAPAN);
  await ask.tap();
  await panel.locator('.pqa-msg--bot').waitFor();
  t.equal(await page.evaluate('document.documentElement.scrollWidth'), screen.width, 'an answer does not widen the page either');
  await close.tap();
  t.ok(await panel.isHidden(), 'Close closes the panel');
  t.same(problems, []);
});

t.test('data attributes: document, title, language; the panel waits for a click', async (t) => {
  const browser = await launch(t);
  // A shop's page of its own that embeds the widget with data attributes (no data-open).
  const server = await startServer(t, {
    setup: (app) =>
      app.get('/shop', async (_req, reply) =>
        reply
          .type('text/html; charset=utf-8')
          .send(
            '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Shop</title></head><body><h1>Shop</h1>' +
              '<script src="/widget.js" defer data-document="webpros-privacy-policy" data-title="Datenschutz-Fragen"></script></body></html>',
          ),
      ),
  });
  const { page, problems } = await watchedPage(await browser.newContext());
  await page.goto(`${server.url}/shop`);
  const launcher = page.getByRole('button', { name: 'Fragen zu unserer Datenschutzerklärung?' });
  await launcher.waitFor();
  t.ok(await page.getByRole('dialog').isHidden(), 'closed until the visitor opens it');
  await launcher.click();
  const panel = page.getByRole('dialog', { name: 'Datenschutz-Fragen' });
  await panel.waitFor();
  await panel.locator('.pqa-conn[data-state="online"]').waitFor();
  t.equal(await panel.locator('.pqa-conn-text').textContent(), 'Verbunden', 'German UI from the page language');
  const input = page.getByRole('textbox', { name: 'Ihre Frage' });
  await input.fill(JAPAN);
  await input.press('Enter');
  await panel.locator('.pqa-msg--bot').waitFor();
  t.equal(await panel.locator('.pqa-badge').textContent(), 'Kurzantwort: Ja');
  t.equal(await panel.locator('.pqa-cite-id').first().textContent(), 'Abschnitt B');
  t.same(problems, []);
});

t.test('a question over the limit is refused in the browser', async (t) => {
  const browser = await launch(t);
  const server = await startServer(t, { env: { MAX_QUESTION_LENGTH: '40' } });
  const { page, panel, input, problems } = await openDemo(browser, server.url);
  t.equal(await input.getAttribute('maxlength'), '40');
  // Longer than the limit: the browser's maxlength stops typing, a paste via script does not.
  await input.evaluate((n, v) => ((n as unknown as { value: string }).value = v), 'x'.repeat(60));
  await input.press('Enter');
  await panel.locator('.pqa-note--warn').waitFor();
  t.equal(await panel.locator('.pqa-note--warn').textContent(), 'The question is too long: at most 40 characters.');
  t.equal(await panel.locator('.pqa-msg--user').count(), 0, 'nothing was sent');
  t.same(problems, []);
});

t.test('the server is still indexing: the widget says so, questions wait, then are answered', async (t) => {
  const browser = await launch(t);
  const holder = new IndexHolder(null); // listening, index not built: ready.documents is []
  const server = await startServer(t, { index: holder });
  const { panel, ask, problems } = await openDemo(browser, server.url, { state: 'starting' });
  t.equal(await panel.locator('.pqa-conn-text').textContent(), 'Starting up: loading the policies…');
  await ask(JAPAN);
  await panel.locator('.pqa-queued').waitFor();

  holder.set(await loadIndex());
  await panel.locator('.pqa-msg--bot').waitFor();
  t.equal(await panel.locator('.pqa-conn[data-state="online"]').count(), 1);
  t.equal(await panel.locator('.pqa-msg--error').count(), 0, 'no not_ready error reached the visitor');
  t.equal(await panel.locator('.pqa-queued').count(), 0);
  t.match(await panel.locator('.pqa-answer-text').textContent(), /Japan/);
  t.same(problems, []);
});

t.test('an empty corpus: the widget says no policy is loaded, not "the policy does not say"', async (t) => {
  const browser = await launch(t);
  const server = await startServer(t, { index: new IndexHolder(ClauseIndex.build([])) });
  const { panel, ask, problems } = await openDemo(browser, server.url, { state: 'empty' });
  t.equal(await panel.locator('.pqa-conn-text').textContent(), 'No policy is loaded: this service cannot answer questions.');
  await ask(JAPAN);
  await panel.locator('.pqa-queued').waitFor();
  t.equal(await panel.locator('.pqa-msg--bot').count(), 0, 'no answer claims the policy is silent');
  t.same(problems, []);
});

t.test('a transient server error is shown with "Try again", which asks again', async (t) => {
  const browser = await launch(t);
  const server = await startServer(t);
  const { page, problems } = await watchedPage(await browser.newContext());
  // Between page and server: the first ask gets an internal_error, everything else passes.
  let failed = false;
  await page.routeWebSocket(/\/v1\/chat$/, (ws) => {
    const upstream = ws.connectToServer();
    ws.onMessage((message) => {
      const msg = JSON.parse(String(message)) as { type: string; id?: string };
      if (msg.type === 'ask' && !failed) {
        failed = true;
        ws.send(JSON.stringify({ type: 'error', id: msg.id, error: { code: 'internal_error', message: 'boom' } }));
      } else upstream.send(message);
    });
  });
  await page.goto(`${server.url}/`);
  const panel = page.getByRole('dialog');
  await panel.locator('.pqa-conn[data-state="online"]').waitFor();
  const input = page.getByRole('textbox', { name: 'Your question' });
  await input.fill(JAPAN);
  await input.press('Enter');
  const error = panel.locator('.pqa-msg--error');
  await error.waitFor();
  t.match(await error.textContent(), /Something went wrong on the server\. Try again\./);
  await panel.locator('[role="status"]', { hasText: 'Something went wrong' }).waitFor({ state: 'attached' });
  t.pass('the error is announced');

  await error.getByRole('button', { name: 'Try again' }).click();
  await panel.locator('.pqa-msg--bot').waitFor();
  t.equal(await error.count(), 0, 'the error gives way to the answer');
  t.equal(await panel.locator('.pqa-msg--user').count(), 1, 'the question is not repeated in the transcript');
  t.match(await panel.locator('.pqa-answer-text').textContent(), /Japan/);
  t.same(problems, []);
});
