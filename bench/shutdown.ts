/**
 * SIGTERM to exit, as an orchestrator sees it: the time from the signal to the process's exit
 * (observed by this parent), for the built server (`npm run build` first) while it indexes a
 * generated corpus and once it is ready and idle. Also the time to its 'closed' log line, so
 * process teardown (after 'closed') and the server's own close can be told apart, and the
 * resident memory at the signal: after exit_group the kernel frees the process's memory before
 * the parent sees the exit: ~0.2 ms per resident MB on this machine when quiet (an idle server holding
 * 1,000 policies, ~500 MB: 90–120 ms), ~1.3 ms per MB when loaded by other work (a plain Node.js
 * process holding 0.55 and 1.5 GB: 0.7 and 1.9 s from process.exit() to the exit).
 *
 *   npx tsx bench/shutdown.ts [--documents 1000] [--runs 5]
 *
 * Not part of `npm run bench` (a minute of its own); the figures are in docs/scaling.md.
 * Issue 14's target: SIGTERM during indexing exits within 1 s.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCorpus } from './generate-corpus.ts';
import { mainCommand, ROOT, rssOf } from './lib.ts';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const documents = arg('--documents', 1000);
const runs = arg('--runs', 5);

interface Run {
  /** The server's resident memory when signalled (MB): the kernel frees it before the exit is seen. */
  rssMB: number | null;
  exitMs: number;
  closedMs: number | null;
  code: number | null;
}

/** Start the server, send SIGTERM once `when` says so (given the log lines so far), time the exit. */
function measure(corpusDir: string, snapshots: string, when: (msgs: string[]) => boolean, delayMs: number): Promise<Run> {
  const child = spawn(process.execPath, mainCommand(), {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', CORPUS_DIR: corpusDir, INDEX_SNAPSHOT_DIR: snapshots },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const msgs: string[] = [];
  let pending = '';
  let signalledAt = 0;
  let closedAt: number | null = null;
  let rssMB: number | null = null;
  return new Promise((resolve, reject) => {
    const giveUp = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no exit within 10 minutes (log: ${msgs.join(' | ')})`));
    }, 600_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        let msg: string;
        try {
          msg = String((JSON.parse(line) as { msg: unknown }).msg);
        } catch {
          continue;
        }
        msgs.push(msg);
        if (msg === 'closed') closedAt = performance.now();
        if (!signalledAt && when(msgs)) {
          signalledAt = -1;
          setTimeout(() => {
            const bytes = rssOf(child.pid);
            rssMB = bytes === null ? null : Math.round(bytes / 2 ** 20);
            signalledAt = performance.now();
            child.kill('SIGTERM');
          }, delayMs);
        }
      }
    });
    child.on('exit', (code) => {
      const exitAt = performance.now();
      clearTimeout(giveUp);
      if (msgs.includes('index ready') && when === indexing) reject(new Error('the index was ready before the signal; use a larger --documents'));
      resolve({ rssMB, exitMs: exitAt - signalledAt, closedMs: closedAt === null ? null : closedAt - signalledAt, code });
    });
  });
}

const indexing = (msgs: string[]) => msgs.some((m) => m.startsWith('Server listening'));
const idle = (msgs: string[]) => msgs.includes('documents analysed ahead of questions');

const corpus = join(ROOT, '.cache', 'bench', `corpus-${documents}`);
generateCorpus(corpus, documents);
const fmt = (rs: Run[], key: 'exitMs' | 'closedMs') => {
  const v = rs.map((r) => r[key]).filter((x): x is number => x !== null).sort((a, b) => a - b);
  return `median ${v[Math.floor(v.length / 2)]!.toFixed(0)} ms, max ${v.at(-1)!.toFixed(0)} ms (${v.map((x) => x.toFixed(0)).join(', ')})`;
};
console.log(`SIGTERM to exit, built server (${mainCommand().join(' ')}), ${runs} runs each; load average before ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const [name, when, delay] of [
  [`while indexing ${documents} documents, no snapshot yet (signal 300 ms after listening)`, indexing, 300],
  ['ready and idle, started from the snapshot (signal 300 ms after the background analysis)', idle, 300],
] as const) {
  const results: Run[] = [];
  // Indexing: a fresh snapshot folder each run (a first start). Idle: one folder, so only the first
  // run builds the index.
  const shared = mkdtempSync(join(tmpdir(), 'policy-qa-shutdown-'));
  for (let i = 0; i < runs; i++) {
    const snapshots = when === indexing ? mkdtempSync(join(tmpdir(), 'policy-qa-shutdown-')) : shared;
    results.push(await measure(corpus, snapshots, when, delay));
    if (snapshots !== shared) rmSync(snapshots, { recursive: true, force: true });
  }
  rmSync(shared, { recursive: true, force: true });
  console.log(`${name}:`);
  console.log(`  exit   ${fmt(results, 'exitMs')}; statuses ${[...new Set(results.map((r) => r.code))].join(', ')}`);
  console.log(`  closed ${fmt(results, 'closedMs')}`);
  console.log(`  resident memory at the signal: ${results.map((r) => r.rssMB ?? '–').join(', ')} MB`);
}
console.log(`load average after ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
