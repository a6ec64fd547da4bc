#!/usr/bin/env node
// Runs the type check and the tap suite, then prints the one line CI reads:
// "N passed, N failed". tap's own summary is not that line; its exit status is kept.
import { spawnSync } from 'node:child_process';

const tsc = spawnSync('npx', ['tsc', '--noEmit'], { stdio: 'inherit' });
const tap = spawnSync('npx', ['tap', '--reporter=tap', ...process.argv.slice(2)], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
  maxBuffer: 256 * 1024 * 1024,
});
process.stdout.write(tap.stdout ?? '');

// tap's reporter=tap prints one "ok N - file" / "not ok N - file" per test file at the top level,
// and indented subtests inside; count the leaf assertions of every file through the
// "# { total: N, pass: N, fail: N }"-style summary lines is brittle, so count top-level points.
let passed = 0;
let failed = 0;
for (const line of (tap.stdout ?? '').split('\n')) {
  const m = /^(\s*)(not ok|ok) \d+/.exec(line);
  if (!m) continue;
  // Only leaves: lines followed by a subtest block are parents, counted by their children.
  if (m[2] === 'ok' && !/# SKIP/.test(line)) passed++;
  else if (m[2] === 'not ok' && !/# TODO/.test(line)) failed++;
}
if (tsc.status !== 0) failed++;
const status = tsc.status !== 0 ? 1 : (tap.status ?? 1);
console.log(`${passed} passed, ${failed} failed`);
process.exit(status);
