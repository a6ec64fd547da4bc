/**
 * src/main.ts with index snapshots, as a process: the first start listens, then builds and saves;
 * the second starts from the snapshot. (A snapshot changed on disk is rebuilt, never served, and
 * so is one of another content: in process, in tests/search/snapshot.test.ts.)
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { logged, startMain } from './fixtures/main-process.ts';

/** Starts main.ts, waits for `until` in its log, stops it (SIGTERM); returns the parsed log lines. */
async function run(env: Record<string, string>, until: string): Promise<Array<Record<string, unknown>>> {
  const proc = startMain(env);
  try {
    await logged(proc, until);
    return proc.lines();
  } finally {
    if (proc.child.exitCode === null) {
      proc.child.kill('SIGTERM');
      await proc.exited;
    }
  }
}

t.test('first start listens, then builds and saves; the second starts from the snapshot', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'policy-qa-start-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env = { INDEX_SNAPSHOT_DIR: dir };

  const first = await run(env, 'documents analysed ahead of questions');
  const at = (msg: string | RegExp) => first.findIndex((l) => (typeof msg === 'string' ? l.msg === msg : msg.test(String(l.msg))));
  t.ok(at(/Server listening at/) >= 0 && at(/Server listening at/) < at('index ready'), 'listening before the index is built');
  t.match(first[at('index ready')], { source: 'build', documents: 1, clauses: Number, warmUpMs: Number, warmUpAnswers: Number });
  t.ok(at('index snapshot saved') >= 0 && at('index snapshot saved') < at('index ready'), 'saved as soon as built, before ready');
  t.ok(
    first.some((l) => l.file === 'webpros-privacy-policy.txt' && l.code === 'repeated_heading'),
    'load warnings are logged with their file',
  );
  t.equal(readdirSync(dir).length, 1, 'one snapshot folder');

  const second = await run(env, 'index ready');
  t.match(second.find((l) => l.msg === 'index ready'), { source: 'snapshot', documents: 1 });
  t.ok(
    second.some((l) => l.file === 'webpros-privacy-policy.txt' && l.code === 'repeated_heading'),
    'load warnings are still logged with their file',
  );
});
