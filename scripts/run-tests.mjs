#!/usr/bin/env node
// npm test: the type checks (alongside), the browser bundle, the tap suite with coverage of src/,
// then the one line CI reads, as the LAST line: "N passed, N failed".
//
// Progress: tap runs with --reporter=tap and its output is read as it arrives. Each test file's
// result ("ok 12 - tests/x.test.ts # time=…") is printed when the file ends, the whole TAP block
// of a file that failed right after it; the full TAP goes to test-artifacts/tap-output.tap.
//
// Counting: the numbers are tap's own, from the summary comment it prints last
// ("# { total: N, pass: P, fail: F, … }"). Each type check or the browser bundle failing counts
// as one failure; tap failing without a summary (it crashed) counts as one failure.
//
// Timing: at the end, the ten slowest files (tap's times) and the CPU seconds the test files used,
// each its own and that of the processes it started (servers, Chromium), from
// test-artifacts/test-cpu.jsonl: where the time goes, on a machine whose load changes the times.
//
// Loading TypeScript: the test files run through tests/fixtures/tap-ts-loader.mjs (esbuild's
// transform, which keeps lines and writes an inline source map), put in NODE_OPTIONS so that it
// comes before tap's own preloads; without it tap's TypeScript plugin compiles every .ts file
// each test process imports with ts-node, about twice the CPU (see that file).
//
// Coverage: tap measures every src/ file a test loads, in the test processes and in the
// processes they spawn (tests/fixtures/ts-loader.mjs keeps those mappable). The line coverage
// of src/ is printed, and a full run (no arguments) below COVERAGE_FLOOR fails. src/ files no
// test loads are listed, and count as uncovered.
//
// Nothing here calls process.exit: on a pipe (`npm test | tail -1`) that can cut off the output
// still being written; the exit status is set with process.exitCode instead.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** % of src/ lines the full suite must cover: it reached 90.5% when this was set (issue 13). */
const COVERAGE_FLOOR = 90;

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const fullRun = args.length === 0;

let extraFailures = 0;
const TSC = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
/**
 * A type check run alongside the tests (neither needs the other: on two cores that is ~20 s of
 * CPU off the critical path); its output is printed when it ends, its verdict counted at the end.
 */
function typeCheck(name, args) {
  return new Promise((resolve) => {
    const tsc = spawn(process.execPath, [TSC, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    tsc.stdout.on('data', (d) => (output += d));
    tsc.stderr.on('data', (d) => (output += d));
    tsc.on('error', (err) => resolve({ ok: false, output: `could not run tsc: ${err.message}` }));
    tsc.on('close', (status) => resolve({ ok: status === 0, output }));
  }).then((result) => {
    process.stdout.write(result.ok ? `# type check (${name}): ok\n` : `# type check (${name}) FAILED:\n${result.output}\n`);
    return result.ok;
  });
}
// The server code and the tests; the browser code (src/web/) is its own program with DOM types.
const typeChecks = [typeCheck('tsc --noEmit', ['--noEmit']), typeCheck('src/web', ['-p', join(root, 'src', 'web', 'tsconfig.json')])];
// The browser bundles in dist/web/, which the web routes serve and the browser tests load
// (esbuild, well under a second; their type check is the one above).
const web = spawnSync(process.execPath, [join(root, 'scripts', 'build-web.mjs'), '--no-check'], { stdio: 'inherit', cwd: root });
if (web.status !== 0) extraFailures++;

mkdirSync(join(root, 'test-artifacts'), { recursive: true });
const tapFile = join(root, 'test-artifacts', 'tap-output.tap');
const raw = createWriteStream(tapFile);
// Each test process's CPU seconds, written at its exit (tests/fixtures/tap-ts-loader.mjs).
const cpuFile = join(root, 'test-artifacts', 'test-cpu.jsonl');
writeFileSync(cpuFile, '');
const started = Date.now();

const tsLoader = `--import=${new URL('../tests/fixtures/tap-ts-loader.mjs', import.meta.url).href}`;
const tap = spawn('npx', ['tap', '--reporter=tap', '--coverage-report=json-summary', ...args], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, NODE_OPTIONS: [process.env.NODE_OPTIONS, tsLoader].filter(Boolean).join(' '), TEST_CPU_LOG: cpuFile },
});
tap.stdout.setEncoding('utf8');

let summary = null; // tap's own counts
let block = []; // the lines of the file being reported (indented, before its "ok" line)
let topFailures = 0;
let files = 0;
let fileSeconds = 0; // the sum of tap's per-file times
const fileTimes = []; // [file, seconds]
let pending = '';
function onLine(line) {
  const top = /^(not ok|ok) \d+ - (.*)$/.exec(line);
  if (top) {
    const elapsed = ((Date.now() - started) / 1000).toFixed(0).padStart(4);
    process.stdout.write(`[${elapsed} s] ${line}\n`);
    const time = /# time=([\d.]+)ms/.exec(line);
    files++;
    if (time) {
      fileSeconds += Number(time[1]) / 1000;
      fileTimes.push([top[2].replace(/ # .*$/, ''), Number(time[1]) / 1000]);
    }
    if (top[1] === 'not ok') {
      topFailures++;
      process.stdout.write(`${block.join('\n')}\n`);
    }
    block = [];
    return;
  }
  const counts = /^# (\{ total: .* \})$/.exec(line);
  if (counts) {
    summary = Object.fromEntries([...counts[1].matchAll(/(\w+): (\d+)/g)].map(([, k, v]) => [k, Number(v)]));
    return;
  }
  if (/^\s/.test(line)) block.push(line);
  // Runner comments, but not tap's own coverage verdicts (against 100%; the floor is ours).
  else if (/^# (?!Subtest|ERROR: incomplete)/.test(line)) process.stdout.write(`${line}\n`);
}
tap.stdout.on('data', (chunk) => {
  raw.write(chunk);
  const lines = (pending + chunk).split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) onLine(line);
});

const [code, error] = await new Promise((resolve) => {
  tap.on('error', (err) => resolve([null, err]));
  tap.on('close', (status) => resolve([status, null]));
});
if (pending) onLine(pending);
raw.end();
for (const ok of await Promise.all(typeChecks)) if (!ok) extraFailures++;
if (error) console.error(`could not run tap: ${error.message}`);

let failed = extraFailures + (summary ? summary.fail ?? 0 : Math.max(topFailures, code === 0 ? 0 : 1));
const passed = summary ? summary.pass ?? 0 : 0;

const coverage = readCoverage();
if (coverage) {
  console.log(`src/ line coverage: ${coverage.pct.toFixed(2)}% (${coverage.covered}/${coverage.total} lines; floor ${COVERAGE_FLOOR}% for the full suite)`);
  const least = coverage.files.sort((a, b) => a.pct - b.pct).slice(0, 8);
  console.log(`least covered: ${least.map((f) => `${f.path} ${f.pct.toFixed(0)}%`).join(', ')}`);
  if (coverage.unloaded.length > 0) console.log(`src/ files no test loads (counted as uncovered): ${coverage.unloaded.join(', ')}`);
  if (fullRun && coverage.pct < COVERAGE_FLOOR) {
    console.log(`coverage below the floor: ${coverage.pct.toFixed(2)}% < ${COVERAGE_FLOOR}%`);
    failed++;
  }
} else if (fullRun) {
  console.log('no coverage report was written (.tap/report/coverage-summary.json)');
  failed++;
}
const slowest = fileTimes.sort((a, b) => b[1] - a[1]).slice(0, 10);
if (slowest.length > 0) console.log(`slowest test files (s): ${slowest.map(([f, sec]) => `${f} ${sec.toFixed(1)}`).join(', ')}`);
const cpu = readCpu();
if (cpu.length > 0) {
  const total = cpu.reduce((sum, c) => sum + c.self + c.children, 0);
  const top = cpu.sort((a, b) => b.self + b.children - (a.self + a.children)).slice(0, 10);
  console.log(
    `CPU of the test files: ${total.toFixed(0)} s; most (s, own + processes started): ${top.map((c) => `${c.file} ${c.self.toFixed(1)}+${c.children.toFixed(1)}`).join(', ')}`,
  );
}
const load = loadavg().map((l) => l.toFixed(1)).join(' ');
console.log(`tap output: ${relative(root, tapFile)}; ${files} test files in ${((Date.now() - started) / 1000).toFixed(0)} s (their times summed: ${fileSeconds.toFixed(0)} s; load average now ${load})`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || code !== 0 ? 1 : 0;

/**
 * Line coverage of src/ from tap's json-summary report (.tap/report/coverage-summary.json), with the
 * src/ files no test loaded (not in the report) counted as wholly uncovered by their non-blank
 * lines. src/web/ is browser code, bundled and run in Chromium: the browser tests cover it, not V8
 * in Node, so it is left out.
 */
function readCoverage() {
  const file = join(root, '.tap', 'report', 'coverage-summary.json');
  if (!existsSync(file) || statSync(file).mtimeMs < started) return null;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  let covered = 0;
  let total = 0;
  const seen = new Set();
  const files = [];
  for (const [path, entry] of Object.entries(report)) {
    if (path === 'total') continue;
    const rel = relative(root, path);
    if (!rel.startsWith('src/')) continue;
    seen.add(rel);
    files.push({ path: rel, pct: entry.lines.pct });
    covered += entry.lines.covered;
    total += entry.lines.total;
  }
  const unloaded = [];
  // A run of some files loads some of src/: only the full suite answers for all of it.
  for (const rel of fullRun ? sourceFiles('src') : []) {
    if (seen.has(rel) || rel.startsWith('src/web/')) continue;
    unloaded.push(rel);
    total += readFileSync(join(root, rel), 'utf8').split('\n').filter((l) => l.trim() !== '').length;
  }
  return { covered, total, pct: total === 0 ? 0 : (100 * covered) / total, unloaded, files };
}

/** The CPU lines the test processes wrote (test-artifacts/test-cpu.jsonl), one per file (the last, if a file ran twice). */
function readCpu() {
  const byFile = new Map();
  for (const line of readFileSync(cpuFile, 'utf8').split('\n')) {
    if (!line) continue;
    try {
      const entry = JSON.parse(line);
      byFile.set(entry.file, entry);
    } catch {
      // a line cut short by a killed process
    }
  }
  return [...byFile.values()];
}

function sourceFiles(dir) {
  const out = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.ts$/.test(entry.name) && !/\.d\.ts$/.test(entry.name)) out.push(rel);
  }
  return out;
}
