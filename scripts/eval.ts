#!/usr/bin/env -S npx tsx
/**
 * `npm run eval`: the project's gold question sets (tests/gold/sets.json) against the real server.
 *
 * For each corpus it starts `node dist/src/main.js` on a free port, waits for /readyz, asks every
 * case over one WebSocket per case (turns in order: follow-ups see the earlier turns), and checks
 * the last answer against the case's expectations (format: ../shared/eval/README.md). Prints per
 * set and overall: accuracy, top-1/top-3 citation hit rates, decline rate on questions the policy
 * does not address, verbatim-citation rate, round-trip latency, and the confidence calibration
 * table. The last line is `accuracy: NN.N%`; `--min PCT` makes it exit 1 below that.
 *
 *   npm run eval [-- --set nordwind.jsonl] [--verbose] [--min 95]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { citedIn, judge, parseCases, type Answer, type Case, type Expect } from './gold-judge.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const goldDir = join(root, 'tests/gold');
const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const verbose = args.includes('--verbose');
const onlySet = opt('--set');
const minAccuracy = Number(opt('--min') ?? 0);

interface Outcome { set: string; id: string; question: string; right: boolean; why: string[]; answer?: Answer; expect: Expect }

const sets = (JSON.parse(readFileSync(join(goldDir, 'sets.json'), 'utf8')) as Array<{ cases: string; corpus: string }>).filter(
  (s) => !onlySet || s.cases === onlySet,
);

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => ok(port));
    });
    srv.on('error', fail);
  });
}

async function startServer(corpus: string): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'dist/src/main.js')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', CORPUS_DIR: corpus, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/readyz`)).status === 200) return { base, child };
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server for ${corpus} did not become ready`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function converse(base: string, c: Case, latencies: number[]): Promise<Answer> {
  return new Promise((ok, fail) => {
    const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/v1/chat`);
    let turn = 0;
    let sentAt = 0;
    const timer = setTimeout(() => { ws.terminate(); fail(new Error('timeout')); }, 10_000);
    const send = () => {
      sentAt = performance.now();
      ws.send(JSON.stringify({ type: 'ask', id: `${c.id}-${turn}`, question: c.turns[turn] }));
    };
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data));
      if (msg.type === 'ready') return send();
      if (msg.id !== `${c.id}-${turn}`) return;
      latencies.push(performance.now() - sentAt);
      if (msg.type !== 'answer') {
        clearTimeout(timer);
        ws.close();
        return fail(new Error(`turn ${turn + 1}: ${JSON.stringify(msg.error)}`));
      }
      if (++turn < c.turns.length) return send();
      clearTimeout(timer);
      ws.close();
      ok(msg.answer as Answer);
    });
    ws.on('error', (e) => { clearTimeout(timer); fail(e); });
  });
}

const outcomes: Outcome[] = [];
const latencies: number[] = [];
let verbatim = 0;
let citations = 0;
const byCorpus = new Map<string, typeof sets>();
for (const s of sets) {
  const corpus = resolve(goldDir, s.corpus);
  byCorpus.set(corpus, [...(byCorpus.get(corpus) ?? []), s]);
}
for (const [corpus, group] of byCorpus) {
  const { base, child } = await startServer(corpus);
  try {
    const texts = new Map<string, string>();
    const list = (await (await fetch(`${base}/v1/documents`)).json()) as { documents: Array<{ id: string }> };
    for (const d of list.documents) texts.set(d.id, ((await (await fetch(`${base}/v1/documents/${encodeURIComponent(d.id)}`)).json()) as { text: string }).text);
    for (const s of group) {
      const cases = parseCases(readFileSync(join(goldDir, s.cases), 'utf8'));
      for (const c of cases) {
        try {
          const answer = await converse(base, c, latencies);
          const j = judge(answer, c.expect, texts);
          verbatim += j.verbatim;
          citations += j.citations;
          outcomes.push({ set: s.cases, id: c.id, question: c.turns.at(-1)!, right: j.why.length === 0, why: j.why, answer, expect: c.expect });
        } catch (e) {
          outcomes.push({ set: s.cases, id: c.id, question: c.turns.at(-1)!, right: false, why: [String((e as Error).message)], expect: c.expect });
        }
      }
    }
  } finally {
    child.kill('SIGTERM');
  }
}

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : 'n/a');
for (const o of outcomes.filter((x) => !x.right)) {
  console.log(`FAIL ${o.set} ${o.id}: ${o.question}\n     ${o.why.join('; ')}`);
  if (verbose && o.answer) console.log(`     answer: ${o.answer.text.slice(0, 300)}`);
}
console.log('\nset                    cases  right   accuracy');
for (const s of sets) {
  const mine = outcomes.filter((o) => o.set === s.cases);
  console.log(`${s.cases.padEnd(22)} ${String(mine.length).padStart(5)}  ${String(mine.filter((o) => o.right).length).padStart(5)}   ${pct(mine.filter((o) => o.right).length, mine.length)}`);
}
const answerable = outcomes.filter((o) => o.expect.answerable && o.answer);
const hit = (o: Outcome, k: number) => !o.expect.cites || o.answer!.citations.slice(0, k).some((c) => citedIn(c.clauseId, o.expect.cites!));
const unanswerable = outcomes.filter((o) => !o.expect.answerable);
console.log(`\ncited the right clause: top-1 ${pct(answerable.filter((o) => hit(o, 1)).length, answerable.length)}, top-3 ${pct(answerable.filter((o) => hit(o, 3)).length, answerable.length)} of ${answerable.length} answerable`);
console.log(`declined ${unanswerable.filter((o) => o.answer && !o.answer.answerable).length}/${unanswerable.length} questions the policy does not address`);
console.log(`verbatim citations ${verbatim}/${citations}`);
latencies.sort((a, b) => a - b);
const q = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(1) : 'n/a');
console.log(`round-trip ms p50 ${q(0.5)} p95 ${q(0.95)} p99 ${q(0.99)} over ${latencies.length} asks`);

console.log('\nconfidence calibration (share of answers that were right, by reported confidence)');
console.log('confidence    answers  right   accuracy');
const bands: Array<[number, number]> = [[0, 0.5], [0.5, 0.7], [0.7, 0.9], [0.9, 1.01]];
for (const [lo, hi] of bands) {
  const inBand = outcomes.filter((o) => o.answer && o.answer.confidence >= lo && o.answer.confidence < hi);
  console.log(`[${lo.toFixed(1)}, ${Math.min(hi, 1).toFixed(1)}${hi > 1 ? ']' : ')'}   ${String(inBand.length).padStart(7)}  ${String(inBand.filter((o) => o.right).length).padStart(5)}   ${pct(inBand.filter((o) => o.right).length, inBand.length)}`);
}
const confident = outcomes.filter((o) => o.answer && o.answer.confidence >= 0.7);
console.log(`confidence >= 0.7: ${pct(confident.filter((o) => o.right).length, confident.length)} right (target: at least 90%)`);
const right = outcomes.filter((o) => o.right).length;
console.log(`cases ${outcomes.length}, correct ${right}`);
console.log(`accuracy: ${pct(right, outcomes.length)}`);
process.exit((100 * right) / Math.max(1, outcomes.length) >= minAccuracy ? 0 : 1);
