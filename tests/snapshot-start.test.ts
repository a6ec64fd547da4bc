/** src/main.ts with index snapshots: the second start loads the snapshot; a damaged one is rebuilt. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { CORPUS_DIR, TS_NODE_ARGS } from './helper.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/** Starts main.ts, waits for `until` in its log, stops it; returns the parsed log lines. */
async function run(env: Record<string, string>, until: string): Promise<Array<Record<string, unknown>>> {
  const child = spawn(process.execPath, [...TS_NODE_ARGS, MAIN], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', CORPUS_DIR, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const lines = () =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const deadline = Date.now() + 30_000;
  try {
    while (!lines().some((l) => l.msg === until)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no "${until}":\n${out.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return lines();
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }
}

t.test('first start builds and saves; the second starts from the snapshot; a changed one is rebuilt, never served', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'policy-qa-start-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env = { INDEX_SNAPSHOT_DIR: dir };

  const first = await run(env, 'documents analysed ahead of questions');
  t.match(first.find((l) => l.msg === 'index ready'), { source: 'build', documents: 1, warmUpMs: Number, warmUpAnswers: Number });
  const savedAt = first.findIndex((l) => l.msg === 'index snapshot saved');
  t.ok(savedAt >= 0 && savedAt < first.findIndex((l) => l.msg === 'index ready'), 'saved as soon as built, before ready');
  const [key] = readdirSync(dir);
  t.ok(key, 'one snapshot folder');

  const second = await run(env, 'index ready');
  t.match(second.find((l) => l.msg === 'index ready'), { source: 'snapshot', documents: 1 });
  t.ok(
    second.some((l) => l.file === 'webpros-privacy-policy.txt' && l.code === 'repeated_heading'),
    'load warnings are still logged with their file',
  );

  // One character changed, same size ("Switzerland" → "Swatzerland" in the stored text).
  const file = join(dir, key!, 'documents-0.json');
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf('Switzerland');
  t.ok(at > 0, 'the stored text has the word');
  writeFileSync(file, `${text.slice(0, at + 2)}a${text.slice(at + 3)}`);
  const third = await run(env, 'index ready');
  t.ok(third.some((l) => l.msg === 'index snapshot unreadable; rebuilding' && l.level === 40), 'logged as a warning');
  t.notOk(third.some((l) => /no index snapshot/.test(String(l.msg))), 'not "no snapshot yet"');
  t.match(third.find((l) => l.msg === 'index ready'), { source: 'build' });
  t.notOk(readFileSync(file, 'utf8').includes('Swatzerland'), 'replaced by the rebuilt snapshot');
});
