/** src/main.ts as a process: config errors, listen-then-index, graceful SIGTERM. */
import t from 'tap';
import { startMain, waitFor } from './fixtures/main-process.ts';

t.test('a bad setting: a message naming the variable on stderr, exit status 1', async (t) => {
  const proc = startMain({ WS_MAX_PAYLOAD: '12' });
  const [code] = await proc.exited;
  t.equal(code, 1);
  t.match(proc.err(), /WS_MAX_PAYLOAD/);
  t.equal(proc.out(), '', 'nothing on stdout: the server never started');
});

t.test('listens, loads the corpus, becomes ready, closes on SIGTERM', async (t) => {
  const proc = startMain({});
  t.teardown(() => {
    if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
  });
  const listening = await waitFor(() => proc.lines().find((l) => /Server listening at/.test(String(l.msg))));
  const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(String(listening.msg))![1]!;
  await waitFor(() => proc.lines().find((l) => l.msg === 'index ready'));
  const lines = proc.lines();
  const listenAt = lines.findIndex((l) => /Server listening at/.test(String(l.msg)));
  const readyAt = lines.findIndex((l) => l.msg === 'index ready');
  t.ok(listenAt < readyAt, 'listening before the index is built');
  t.match(lines[readyAt], { documents: 1, clauses: Number });
  t.ok(
    lines.some((l) => l.file === 'webpros-privacy-policy.txt' && l.code === 'repeated_heading'),
    'load warnings are logged with their file',
  );

  const ready = await fetch(`${url}/readyz`);
  t.equal(ready.status, 200);
  const answer = await fetch(`${url}/v1/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question: 'Is my data transferred to Canada?' }),
  });
  t.equal(answer.status, 200);

  proc.child.kill('SIGTERM');
  const [code, signal] = await proc.exited;
  t.equal(code, 0, 'exit status 0');
  t.equal(signal, null);
  t.ok(proc.lines().some((l) => l.msg === 'closed'), 'logged "closed"');
});
