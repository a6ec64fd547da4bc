/** src/main.ts as a process: config errors, listen-then-index, graceful SIGTERM. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { CORPUS_DIR } from './helper.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', CORPUS_DIR, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return {
    child,
    exited,
    out: () => stdout,
    err: () => stderr,
    lines: () =>
      stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

async function waitFor<T>(fn: () => T | undefined, ms = 15000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

t.test('a bad setting: a message naming the variable on stderr, exit status 1', async (t) => {
  const proc = start({ WS_MAX_PAYLOAD: '12' });
  const [code] = await proc.exited;
  t.equal(code, 1);
  t.match(proc.err(), /WS_MAX_PAYLOAD/);
  t.equal(proc.out(), '', 'nothing on stdout: the server never started');
});

t.test('listens, loads the corpus, becomes ready, closes on SIGTERM', async (t) => {
  const proc = start({});
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
