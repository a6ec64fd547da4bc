/**
 * The support-agent console at /agent, in headless Chromium: instant search, the matched clause
 * with highlights, copy citation (clipboard, and the fallback), the document with its clause
 * tree and warnings, deep links, keyboard. Under a strict CSP.
 */
import t from 'tap';
import { launch, screenshot, startServer, watchedPage } from '../fixtures/browser.ts';

const DOC = 'webpros-privacy-policy';

t.test('search, open a result, copy its citation', async (t) => {
  const browser = await launch(t);
  const server = await startServer(t);
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const { page, problems } = await watchedPage(context);
  await page.goto(`${server.url}/agent`);

  const search = page.getByRole('searchbox', { name: 'Search all clauses' });
  await search.fill('standard contractual clauses');
  const results = page.locator('a.result');
  await results.first().waitFor();
  t.match(await page.locator('#search-status').textContent(), /^\d+ clauses? for “standard contractual clauses”\.$/, 'the count is announced');
  const first = results.first();
  t.equal(await first.locator('.clause-id').textContent(), 'B');
  t.equal(await first.locator('.result-heading').textContent(), 'Third Country Transfer');
  t.equal(await first.locator('.result-doc').textContent(), DOC);
  const marks = await first.locator('mark.hl').allTextContents();
  t.ok(marks.length >= 3, `matched words are highlighted (${marks.join(', ')})`);
  t.equal(await first.getAttribute('href'), `#${DOC}/B`, 'each result is a link to its clause');

  await first.click();
  await page.locator('#selected:not([hidden])').waitFor();
  t.equal(new URL(page.url()).hash, `#${DOC}/B`, 'the address is a deep link');
  t.equal(await first.getAttribute('aria-current'), 'true', 'the open result is marked in the list');
  t.equal(await page.locator('#selected-title').textContent(), 'BThird Country Transfer');
  const excerpt = (await page.locator('#selected-excerpt').textContent()) ?? '';
  t.match(excerpt, /standard contractual clauses\.$/);
  t.same(await page.locator('#selected-excerpt mark.hl').allTextContents(), marks, 'the same highlights in the clause view');

  // The document: tree with the clause current, text with the clause marked.
  t.equal(await page.locator('#doc-title').textContent(), DOC);
  t.equal(await page.locator('#tree a[aria-current="location"] .clause-id').textContent(), 'B');
  const section = page.locator('#doc-text section.is-selected');
  t.equal(await section.getAttribute('data-clause-id'), 'B');
  t.equal(await section.locator('mark.cited').textContent(), excerpt, 'the excerpt is marked in the document text');
  t.equal(await page.locator('#tree a').count(), 8, 'the tree lists every clause');
  t.equal(await page.locator('#tree li li a', { hasText: 'Joint Data Processing' }).count(), 2, 'sub-clauses are nested under their parent');
  t.equal(await page.locator('#doc-warnings summary').textContent(), '4 load warnings');

  await page.getByRole('button', { name: 'Copy citation' }).click();
  await page.locator('#copy-status', { hasText: 'Citation copied to the clipboard.' }).waitFor();
  const copied = String(await page.evaluate('navigator.clipboard.readText()'));
  t.equal(
    copied,
    `“${excerpt}”\n— ${DOC}, clause B (Third Country Transfer)\n${server.url}/agent#${DOC}/B`,
    'document, clause id, excerpt and a link to the clause',
  );
  t.equal(await page.locator('#copy-text').inputValue(), copied, 'the same text is ready in the fallback field');
  t.ok(await page.locator('#copy-fallback').isHidden(), 'which stays hidden when the clipboard worked');
  await screenshot(page, 'agent-search');

  // The copied link opens the same clause in a fresh page.
  const again = await context.newPage();
  await again.goto(copied.split('\n')[2]!);
  await again.locator('#selected:not([hidden])').waitFor();
  t.equal(await again.locator('#doc-text section.is-selected').getAttribute('data-clause-id'), 'B', 'the link in the citation works');
  t.same(problems, []);
});

t.test('deep links open a clause; the off-topic warning shows on its clause', async (t) => {
  const browser = await launch(t);
  const server = await startServer(t);
  const { page, problems } = await watchedPage(await browser.newContext({ viewport: { width: 1280, height: 860 } }));
  await page.goto(`${server.url}/agent#${DOC}/C.2`);
  await page.locator('#selected:not([hidden])').waitFor();
  t.equal(await page.locator('#selected-title').textContent(), 'C.2Contact');
  t.match(await page.locator('#selected-excerpt').textContent(), /^We have also internally assigned/);
  t.equal(await page.locator('#doc-text section.is-selected').getAttribute('data-clause-id'), 'C.2');
  t.equal(await page.locator('#tree a[aria-current] .clause-id').textContent(), 'C.2');

  // Another clause by changing the address (what a click in the tree does).
  await page.locator('#tree a', { hasText: 'C.1' }).first().click();
  await page.locator('#doc-text section.is-selected[data-clause-id="C.1"]').waitFor();
  t.equal(await page.locator('#doc-text section.is-selected').count(), 1, 'one clause is selected at a time');
  const warning = page.locator('#doc-text section[data-clause-id="C.1"] .clause-warning');
  t.match(await warning.textContent(), /^off_topic_text: The text of clause C\.1/, "the linter's finding is on the clause");
  await screenshot(page, 'agent-deeplink');

  await page.goto(`${server.url}/agent#nope/A`);
  await page.locator('#empty', { hasText: 'There is no document “nope”.' }).waitFor();
  t.ok(await page.locator('#selected').isHidden());
  await page.goto(`${server.url}/agent#${DOC}`);
  await page.locator('#document:not([hidden])').waitFor();
  t.ok(await page.locator('#selected').isHidden(), 'a document link opens the document without a selection');
  t.same(problems, []);
});

t.test('a copied citation quotes the whole span it cites: a clause, or a sentence with what its colon introduces', async (t) => {
  const browser = await launch(t);
  const server = await startServer(t);
  const text = ((await (await fetch(`${server.url}/v1/documents/${DOC}`)).json()) as { text: string }).text;
  const { page, problems } = await watchedPage(await browser.newContext({ viewport: { width: 1280, height: 860 } }));
  const copiedQuote = async () => {
    await page.locator('#copy-text').evaluate((n) => ((n as unknown as { value: string }).value = ''));
    await page.getByRole('button', { name: 'Copy citation' }).click();
    await page.locator('#copy-status:not(:empty)').waitFor();
    const copied = await page.locator('#copy-text').inputValue();
    const quote = /^“([\s\S]*)”\n— /.exec(copied)?.[1] ?? '';
    t.ok(quote.length > 0 && text.includes(quote), 'the quote is verbatim document text');
    return quote;
  };

  // A clause opened from a link: its whole text, not the first lines the view shows.
  await page.goto(`${server.url}/agent#${DOC}/C.2`);
  await page.locator('#selected:not([hidden])').waitFor();
  t.match(
    await copiedQuote(),
    /^We have also internally assigned [\s\S]*, internally:\nWebPros International GmbH\nVordergasse 59\n8200 Schaffhausen \/ Switzerland$/,
    'the clause, up to the address its last sentence introduces',
  );

  // A search hit whose sentence ends with a colon: the quote runs on through what it introduces.
  await page.getByRole('searchbox', { name: 'Search all clauses' }).fill('forward your request for processing internally');
  const first = page.locator('a.result').first();
  await first.waitFor();
  t.equal(await first.locator('.clause-id').textContent(), 'C.2');
  await first.click();
  await page.locator('#selected:not([hidden])').waitFor();
  t.match(await page.locator('#selected-excerpt').textContent(), /internally:$/, 'the hit is the sentence that ends with a colon');
  t.match(await copiedQuote(), /internally:\nWebPros International GmbH\nVordergasse 59\n8200 Schaffhausen \/ Switzerland$/);
  t.same(problems, []);
});

t.test('keyboard: / to search, arrows through results, Enter opens; browse by document', async (t) => {
  const browser = await launch(t);
  const server = await startServer(t);
  const { page, problems } = await watchedPage(await browser.newContext());
  await page.goto(`${server.url}/agent`);
  await page.locator('#doc-select option', { hasText: DOC }).waitFor({ state: 'attached' });
  await page.keyboard.press('/');
  t.equal(await page.evaluate('document.activeElement.id'), 'q', '/ focuses the search box');
  await page.keyboard.type('contact');
  await page.locator('a.result').first().waitFor();
  await page.keyboard.press('ArrowDown');
  t.equal(await page.evaluate('document.activeElement.dataset.index'), '0', 'ArrowDown moves to the first result');
  await page.keyboard.press('ArrowDown');
  t.equal(await page.evaluate('document.activeElement.dataset.index'), '1');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await page.locator('#selected:not([hidden])').waitFor();
  const href = await page.locator('a.result').first().getAttribute('href');
  t.equal(new URL(page.url()).hash, href, 'Enter opens the focused result');
  await page.keyboard.press('Escape');

  await page.selectOption('#doc-select', DOC);
  await page.waitForURL(`**/agent#${DOC}`);
  t.equal(await page.locator('#doc-title').textContent(), DOC);

  await page.locator('#q').fill('zzzqqq');
  await page.locator('#search-status', { hasText: 'No clause matches “zzzqqq”.' }).waitFor();
  t.equal(await page.locator('a.result').count(), 0);
  t.same(problems, []);
});

t.test('copy citation without clipboard access: the citation is selected for Ctrl+C', async (t) => {
  const browser = await launch(t);
  const server = await startServer(t);
  const context = await browser.newContext();
  // A browser that refuses clipboard writes (permission denied, insecure context, ...).
  await context.addInitScript({
    content: `Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) } });
      document.execCommand = () => false;`,
  });
  const { page, problems } = await watchedPage(context);
  await page.goto(`${server.url}/agent#${DOC}/A`);
  await page.locator('#selected:not([hidden])').waitFor();
  await page.getByRole('button', { name: 'Copy citation' }).click();
  await page.locator('#copy-fallback:not([hidden])').waitFor();
  t.match(await page.locator('#copy-status').textContent(), /press Ctrl\+C/);
  const text = await page.locator('#copy-text').inputValue();
  t.match(text, /^“This Privacy Policy is aimed at worldwide users/);
  t.match(text, `— ${DOC}, clause A (General Note)\n${server.url}/agent#${DOC}/A`);
  t.equal(await page.evaluate('document.activeElement.id'), 'copy-text', 'focus is on the selected citation');
  t.equal(
    await page.evaluate('(() => { const a = document.activeElement; return a.value.slice(a.selectionStart, a.selectionEnd); })()'),
    text,
    'all of it selected',
  );
  t.same(problems, []);
});
