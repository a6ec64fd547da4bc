/**
 * Two server processes with the same CONVERSATION_SECRET share nothing else, yet an HTTP
 * conversation started on one continues on the other: the conversationId is the conversation.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { CORPUS_DIR, TS_NODE_ARGS } from './helper.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const SECRET = 'replicas-test-secret-0123456789abcdef';

async function startReplica(t: { teardown(fn: () => unknown): void }, env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, [...TS_NODE_ARGS, MAIN], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', CORPUS_DIR, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.teardown(async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  // Generous: two replicas index at once, and a loaded CI machine is slow to start them.
  const until = Date.now() + 90_000;
  for (;;) {
    const url = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    if (url && out.includes('"msg":"index ready"')) return url;
    if (child.exitCode !== null || Date.now() > until) throw new Error(`replica did not start:\n${out.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function ask(url: string, body: object) {
  const res = await fetch(`${url}/v1/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { text: string; citations: Array<{ clauseId: string }>; conversationId: string } };
}

t.test('a conversation started on replica A continues on replica B', async (t) => {
  const snapshots = mkdtempSync(join(tmpdir(), 'policy-qa-replicas-'));
  t.teardown(() => rmSync(snapshots, { recursive: true, force: true }));
  const env = { CONVERSATION_SECRET: SECRET, INDEX_SNAPSHOT_DIR: snapshots };
  const [a, b] = await Promise.all([startReplica(t, env), startReplica(t, env)]);
  t.not(a, b, 'two processes on two ports');

  const first = await ask(a, { question: 'Is a transfer of my data to Japan covered?' });
  t.equal(first.status, 200);
  const clause = first.body.citations[0]?.clauseId;
  t.ok(clause, `A cites ${clause}`);

  const second = await ask(b, { question: 'What about the USA?', conversationId: first.body.conversationId });
  t.equal(second.status, 200);
  t.ok(second.body.citations.some((c) => c.clauseId === clause), `B cites the same clause (${clause})`);
  t.match(second.body.text, /Data Privacy Framework/, "B's answer is about the USA transfer");

  // Without the conversation the same words are no follow-up: the token made the difference.
  const alone = await ask(b, { question: 'What about the USA?' });
  t.not(alone.body.text, second.body.text, 'without the token the answer is another one');

  // And the next turn goes back to A with B's token.
  const third = await ask(a, { question: 'And Canada?', conversationId: second.body.conversationId });
  t.equal(third.status, 200);
  t.ok(third.body.citations.some((c) => c.clauseId === clause), 'back on A, the conversation still holds');
});

t.test('a replica with another secret starts a fresh conversation (not an error)', async (t) => {
  const env = { CONVERSATION_SECRET: SECRET, INDEX_SNAPSHOT_DIR: 'off' };
  const [a, other] = await Promise.all([startReplica(t, env), startReplica(t, { ...env, CONVERSATION_SECRET: `${SECRET}-other` })]);
  const first = await ask(a, { question: 'Is a transfer of my data to Japan covered?' });
  const second = await ask(other, { question: 'What about the USA?', conversationId: first.body.conversationId });
  t.equal(second.status, 200);
  const fresh = await ask(other, { question: 'What about the USA?' });
  t.equal(second.body.text, fresh.body.text, 'the foreign token is ignored: answered as a new conversation');
  t.not(second.body.conversationId, first.body.conversationId);
});
