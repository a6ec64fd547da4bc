/**
 * Two server processes with the same CONVERSATION_SECRET share nothing else, yet an HTTP
 * conversation started on one continues on the other: the conversationId is the conversation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { listeningUrl, logged, startMain } from './fixtures/main-process.ts';

const SECRET = 'replicas-test-secret-0123456789abcdef';

/** A server process with `env`, once its index is ready; its base URL. Stopped when the test ends (two replicas
 * index at once: waitFor's generous default covers a loaded machine). */
async function startReplica(t: { teardown(fn: () => unknown): void }, env: Record<string, string>): Promise<string> {
  const proc = startMain(env);
  t.teardown(async () => {
    if (proc.child.exitCode !== null) return;
    proc.child.kill('SIGTERM');
    await proc.exited;
  });
  const url = await listeningUrl(proc);
  await logged(proc, 'index ready');
  return url;
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

// A token signed with another secret is answered as a new conversation: in process, in
// tests/server/http.test.ts (what the token means does not need two processes).
