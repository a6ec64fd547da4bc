#!/usr/bin/env node
// Runs the type check and the tap suite, then prints the one line CI reads, as the LAST line:
// "N passed, N failed". The exit status is tap's (or 1 if the type check fails).
//
// Counting: tap runs with --reporter=tap and this script reads that TAP stream. In it, every
// subtest's assertions are indented one level deeper and come BEFORE the subtest's own
// "ok N - name" line, which summarises them. So a test point is a parent when the test point
// just before it is deeper; only leaves (the actual assertions) are counted. A parent that
// is "not ok" although none of its leaves failed (a crash, a timeout, a plan mismatch, a file
// that did not load) counts as one failure of its own. SKIP and TODO points count as neither.
// The type check failing counts as one failure.
import { spawnSync } from 'node:child_process';

const tsc = spawnSync('npx', ['tsc', '--noEmit'], { stdio: 'inherit' });
// The browser code (src/web/, its own tsconfig) is type-checked and built to dist/web/, which
// the web routes serve and the browser tests load. A failure counts like the type check's.
const web = spawnSync('npm', ['run', '--silent', 'build:web'], { stdio: 'inherit' });
const tap = spawnSync('npx', ['tap', '--reporter=tap', ...process.argv.slice(2)], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
  maxBuffer: 256 * 1024 * 1024,
});
const out = tap.stdout ?? '';
process.stdout.write(out);
if (tap.error) console.error(`could not run tap: ${tap.error.message}`);

export function countTap(text) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  /** depth → failures among the test points seen at that depth since the last shallower one */
  const failuresAt = new Map();
  let prevDepth = -1;
  let yamlIndent = null; // inside a YAML diagnostic block: its indentation

  for (const line of text.split('\n')) {
    if (yamlIndent !== null) {
      if (line.startsWith(yamlIndent) && line.slice(yamlIndent.length) === '...') yamlIndent = null;
      continue;
    }
    const yaml = /^(\s*)---$/.exec(line);
    if (yaml) {
      yamlIndent = yaml[1];
      continue;
    }
    const m = /^(\s*)(not ok|ok)\b(.*)$/.exec(line);
    if (!m) continue;
    const depth = m[1].length;
    const ok = m[2] === 'ok';
    const directive = /(?:^|[^\\])#\s*(SKIP|TODO)\b/i.exec(m[3])?.[1]?.toUpperCase();

    // Failures of the children (deeper test points) belong to this point.
    let childFailures = 0;
    for (const [d, n] of failuresAt) {
      if (d > depth) {
        childFailures += n;
        failuresAt.delete(d);
      }
    }
    const isParent = prevDepth > depth;
    prevDepth = depth;

    let own;
    if (isParent) {
      own = !ok && directive !== 'TODO' && childFailures === 0 ? 1 : childFailures;
      if (own > childFailures) failed++;
    } else if (directive) {
      skipped++;
      own = 0;
    } else if (ok) {
      passed++;
      own = 0;
    } else {
      failed++;
      own = 1;
    }
    failuresAt.set(depth, (failuresAt.get(depth) ?? 0) + own);
  }
  return { passed, failed, skipped };
}

const counts = countTap(out);
let failed = counts.failed;
if (tsc.status !== 0) failed++;
if (web.status !== 0) failed++;
// tap failed but no test point says so (e.g. it crashed before printing any): still a failure.
const tapFailed = tap.status !== 0;
if (tapFailed && failed === 0) failed = 1;

const status = tsc.status !== 0 || web.status !== 0 ? 1 : (tap.status ?? 1);
console.log(`${counts.passed} passed, ${failed} failed`);
process.exit(status);
