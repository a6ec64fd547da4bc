/**
 * The widget across connection losses, in headless Chromium: the server goes away without a
 * word (its sockets dropped, no close frame, as when the process is killed) and a new one starts
 * on the same port (the widget reconnects, re-establishes the conversation, sends what was asked
 * meanwhile), and the server closes an idle socket (the widget waits for the visitor, then
 * reconnects with the conversation restored). The new server shares nothing with the old one:
 * the widget replays the conversation, the server keeps none.
 */
import t from 'tap';
import { launch, openDemo, screenshot, startServer } from '../fixtures/browser.ts';

t.test('the server goes away and a new one starts on the same port: the widget reconnects and carries on', async (t) => {
  const browser = await launch(t);
  const first = await startServer(t);
  const url = first.url;
  const { panel, ask, problems } = await openDemo(browser, url, { viewport: { width: 1280, height: 860 } });
  const conn = panel.locator('.pqa-conn');
  await ask('Is a transfer of my data to Japan covered?');
  await panel.locator('.pqa-msg--bot').first().waitFor();

  // Gone as a killed process goes: the sockets drop with no close frame, then nothing listens.
  for (const socket of first.app.websocketServer.clients) socket.terminate();
  await first.app.close();
  await panel.locator('.pqa-conn[data-state="offline"]').waitFor();
  t.match(await conn.textContent(), /Connection lost\. Reconnecting/, 'the widget says it lost the connection');

  // A follow-up asked while the server is down waits for the connection.
  await ask('What about the USA?');
  const waiting = panel.locator('.pqa-msg--user').nth(1);
  await waiting.locator('.pqa-queued').waitFor();
  t.equal(await waiting.locator('.pqa-queued').textContent(), 'Waiting for the connection; it will be sent then.');
  await screenshot(panel, 'widget-offline');

  const second = await startServer(t, { port: first.port });
  t.equal(second.port, first.port, 'the new server has the same address');
  await panel.locator('.pqa-conn[data-state="online"]').waitFor();
  const note = panel.locator('.pqa-note', { hasText: 'Reconnected.' });
  await panel.locator('.pqa-note', { hasText: 'continues where it left off' }).waitFor();
  t.equal(await note.textContent(), 'Reconnected. The conversation continues where it left off.', 'the conversation was restored on the new server');
  t.equal(await note.evaluate((n) => (n.nextElementSibling as unknown as { className: string } | null)?.className), 'pqa-msg pqa-msg--user', 'the note comes before the question that waited');
  const answer = panel.locator('.pqa-msg--bot').nth(1);
  await answer.waitFor();
  t.equal(await waiting.locator('.pqa-queued').count(), 0, 'the waiting question was sent');
  t.match(await answer.locator('.pqa-answer-text').textContent(), /USA/);
  t.equal(await answer.locator('.pqa-cite-id').first().textContent(), 'Clause B', 'answered as a follow-up about transfers (its context survived the restart)');
  t.equal(await answer.locator('.pqa-badge').count(), 1, `with a verdict, as a yes/no follow-up: ${await answer.textContent()}`);
  t.equal(await panel.locator('.pqa-msg--bot').count(), 2, 'the replayed question is not shown again');
  t.equal(await panel.locator('.pqa-msg--user').count(), 2);
  await screenshot(panel, 'widget-reconnected');
  t.same(problems, []);
});

t.test('an idle socket closed by the server: the widget waits, then resumes with context', async (t) => {
  const browser = await launch(t);
  const server = await startServer(t, { env: { WS_IDLE_TIMEOUT_MS: '1000' } });
  const { panel, ask, problems } = await openDemo(browser, server.url);
  await ask('Is a transfer of my data to Japan covered?');
  await panel.locator('.pqa-msg--bot').first().waitFor();

  await panel.locator('.pqa-conn[data-state="idle"]').waitFor();
  t.equal(await panel.locator('.pqa-conn-text').textContent(), 'Paused while idle; reconnects when you ask');
  t.equal(server.app.websocketServer.clients.size, 0, 'no socket is held open for an idle visitor');

  await ask('What about the USA?');
  const answer = panel.locator('.pqa-msg--bot').nth(1);
  await answer.waitFor();
  t.equal(await answer.locator('.pqa-cite-id').first().textContent(), 'Clause B', 'the follow-up kept its context');
  await panel.locator('.pqa-note', { hasText: 'continues where it left off' }).waitFor();
  t.same(problems, []);
});
