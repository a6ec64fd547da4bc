/**
 * SIGTERM under load, against the real process (`node --import tsx src/main.ts`): every ask the
 * server has received is answered, every socket is closed with 1001, the process exits 0, and
 * its log holds no question text.
 */
import { once } from 'node:events';
import t from 'tap';
import { listeningUrl, logged, startMain, waitFor } from '../../fixtures/main-process.ts';
import { connectChat, type ChatClient, type Msg } from '../../helper.ts';

const QUESTIONS = [
  'Is my okapi data transferred to Japan?',
  'Who is the okapi data protection contact?',
  'Which okapi companies belong to the WebPros group?',
  'Is okapi data sent to the USA?',
];

t.test('SIGTERM under load: every received ask answered, every socket closed with 1001, exit 0', async (t) => {
  const proc = startMain({
    WS_MAX_INFLIGHT: '8',
    WS_ASK_BURST: '100',
    WS_IP_ASK_BURST: '1000',
    SHUTDOWN_TIMEOUT_MS: '10000',
  });
  t.teardown(() => {
    if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
  });
  const url = await listeningUrl(proc);
  await logged(proc, 'index ready');

  const SOCKETS = 12;
  const ASKS = 8;
  const clients: ChatClient[] = [];
  for (let s = 0; s < SOCKETS; s++) {
    const c = await connectChat(t, `${url.replace('http', 'ws')}/v1/chat`);
    t.equal((await c.next()).type, 'ready');
    clients.push(c);
  }
  // Each socket sends its asks, then a ping. The pong comes back before the answers (asks are
  // queued, pings answered at once), so once every pong is in, every ask has reached the server.
  for (const [s, c] of clients.entries()) {
    for (let i = 0; i < ASKS; i++) c.send({ type: 'ask', id: `${s}-${i}`, question: QUESTIONS[(s + i) % QUESTIONS.length] });
    c.send({ type: 'ping' });
  }
  const early: Msg[][] = [];
  for (const c of clients) {
    const before: Msg[] = [];
    for (;;) {
      const m = await c.next();
      if (m.type === 'pong') break;
      before.push(m);
    }
    early.push(before);
  }
  proc.child.kill('SIGTERM');

  const results = await Promise.all(clients.map(async (c, s) => ({ closed: await c.closed, messages: [...early[s]!, ...c.unread()] })));
  const answeredBeforeSignal = early.reduce((n, m) => n + m.length, 0);
  t.comment(`${answeredBeforeSignal} of ${SOCKETS * ASKS} asks were answered before the SIGTERM, the rest during the shutdown`);
  for (const [s, { closed, messages }] of results.entries()) {
    t.equal(closed.code, 1001, `socket ${s}: closed with 1001`);
    const ids = messages.filter((m) => m.type === 'answer').map((m) => m.id);
    t.same(
      ids,
      Array.from({ length: ASKS }, (_, i) => `${s}-${i}`),
      `socket ${s}: all ${ASKS} asks answered, in order, once`,
    );
    t.same(messages.filter((m) => m.type !== 'answer'), [], `socket ${s}: nothing else`);
  }
  const [code, signal] = await proc.exited;
  t.equal(code, 0, 'exit status 0');
  t.equal(signal, null);
  const lines = proc.lines();
  t.ok(lines.some((l) => l.msg === 'shutting down' && l.reason === 'SIGTERM'), 'logged the signal');
  t.ok(lines.some((l) => l.msg === 'closed'), 'logged "closed"');
  // The server's own warm-up asks (server/warm-up.ts, ids warm-up-N) are logged before ready; the clients' after.
  const clientAsks = lines.filter((l) => l.outcome === 'answered' && !String(l.askId).startsWith('warm-up-'));
  t.equal(clientAsks.length, SOCKETS * ASKS, 'every ask logged once');
  t.notMatch(proc.out(), /okapi/, 'no question text in the log');
  t.equal(proc.err(), '', 'nothing on stderr');
  const after = await fetch(`${url}/healthz`).then(
    () => 'answered',
    () => 'refused',
  );
  t.equal(after, 'refused', 'gone');
});

t.test('shutdown with a request body still arriving and a client that never completes the closing handshake: new requests get 503 shutting_down, the straggler is terminated, the process exits 0 in time', async (t) => {
  const { connect } = await import('node:net');
  // A request timeout far beyond the shutdown budget: only the shutdown can end the slow request.
  const proc = startMain({ SHUTDOWN_TIMEOUT_MS: '3000', REQUEST_TIMEOUT_MS: '60000' });
  t.teardown(() => {
    if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
  });
  const url = await listeningUrl(proc);
  const port = Number(new URL(url).port);
  await logged(proc, 'index ready');

  const slow = connect(port, '127.0.0.1');
  slow.on('error', () => {});
  let slowClosed = false;
  slow.on('close', () => (slowClosed = true));
  slow.write('POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
  const drip = setInterval(() => slow.writable && slow.write(' '), 200);
  t.teardown(() => {
    clearInterval(drip);
    slow.destroy();
  });
  // A socket that never answers the closing handshake keeps the shutdown going for half its
  // budget: the window in which new requests must get 503 rather than a refused connection.
  const { rawConnect } = await import('../raw-ws.ts');
  const raw = await rawConnect(port);
  t.teardown(() => raw.socket.destroy());
  await raw.next();
  raw.socket.pause();
  await new Promise((r) => setTimeout(r, 300));

  const signalled = Date.now();
  proc.child.kill('SIGTERM');
  await logged(proc, 'shutting down');
  const during = await fetch(`${url}/healthz`).then(
    async (res) => ({ status: res.status, body: (await res.json()) as { error?: { code?: string } } }),
    (err: unknown) => ({ status: 0, body: { error: { code: String(err) } } }),
  );
  t.equal(during.status, 503, 'a new request during the shutdown: 503');
  t.equal(during.body.error?.code, 'shutting_down');

  const [code] = await proc.exited;
  const ms = Date.now() - signalled;
  t.equal(code, 0, 'exit status 0');
  t.ok(ms < 3000, `exited within SHUTDOWN_TIMEOUT_MS (${ms} ms)`);
  await waitFor(() => (slowClosed ? true : undefined), 2000);
  t.ok(slowClosed, 'the slow request was closed, not waited for');
  t.notOk(proc.lines().some((l) => l.msg === 'request failed'), 'no error logged for the 503s');
  t.ok(proc.lines().some((l) => l.msg === 'ws terminated' && l.reason === 'shutdown_deadline'), 'the straggler was terminated (after half the budget)');
});
