// Developer scratch: one ask at a time against the generated 100-document corpus, with the
// server's GC traced, to see where the p99 of the corpus-scale rows goes.
//   npx tsx scripts/dev/latency-gc.ts [documents] [asks] [extra node flags...]
import { spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import WebSocket from 'ws';
import { freePort, mainCommand, ROOT, sleep, UNTHROTTLED } from '../../bench/lib.ts';
import { SCALE_QUESTIONS } from '../../bench/scale.ts';
import { generateCorpus } from '../../bench/generate-corpus.ts';
const [docs = '100', count = '2000', ...flags] = process.argv.slice(2);
const corpus = `${ROOT}.cache/bench/corpus-${docs}`;
generateCorpus(corpus, Number(docs));
const port = await freePort();
const logFile = '/tmp/latency-gc.log';
const out = openSync(logFile, 'w');
const spawnedAt = performance.now();
const proc = spawn(process.execPath, ['--trace-gc', '--import', '/tmp/eld.mjs', ...flags, ...mainCommand()], {
  env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', CORPUS_DIR: corpus, INDEX_SNAPSHOT_DIR: 'off', ANSWER_CACHE_SIZE: '0', LOG_LEVEL: 'info', ...UNTHROTTLED },
  stdio: ['ignore', out, out],
});
for (;;) {
  try { if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) break; } catch {}
  await sleep(100);
}
await sleep(3000);
const ids = ((await (await fetch(`http://127.0.0.1:${port}/v1/documents`)).json()) as { documents: Array<{ id: string }> }).documents.map((d) => d.id);
const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/chat`, { perMessageDeflate: false });
const replies: Array<() => void> = [];
ws.on('message', (d) => { const m = JSON.parse(d.toString()); if (m.type !== 'ready') replies.shift()?.(); });
await once(ws, 'open');
await sleep(200);
const t0 = performance.now();
const slow: string[] = [];
const times: number[] = [];
for (let i = 0; i < Number(count); i++) {
  const p = new Promise<void>((r) => replies.push(r));
  const t = performance.now();
  ws.send(JSON.stringify({ type: 'ask', id: String(i), question: SCALE_QUESTIONS[i % SCALE_QUESTIONS.length], documentId: ids[i % ids.length] }));
  await p;
  const ms = performance.now() - t;
  times.push(ms);
  if (ms > 2) slow.push(`${i} at ${(t - spawnedAt).toFixed(0)} ms: ${ms.toFixed(2)} ms`);
}
times.sort((a, b) => a - b);
console.log('p50', times[Math.floor(times.length / 2)]!.toFixed(2), 'p99', times[Math.floor(times.length * 0.99)]!.toFixed(2), 'elapsed', (performance.now() - t0).toFixed(0), 'ms');
console.log(slow.join('\n'));
ws.close();
proc.kill('SIGTERM');
await once(proc, 'exit');
const lines = readFileSync(logFile, 'utf8').split('\n');
const gc = lines.filter((l) => /Scavenge|Mark/.test(l));
console.log(gc.map((l) => l.replace(/^\[[^\]]*\]\s*/, '').slice(0, 90)).join('\n'));
console.log(gc.length, 'gc lines', lines.filter((l) => l.includes('"eld"')).join(''));
const server = new Map<string, number>();
for (const l of lines) if (l.startsWith('{') && l.includes('ask answered')) { const j = JSON.parse(l); server.set(j.askId, j.latencyMs); }
console.log('server latency of the slow asks:', slow.map((s) => server.get(s.split(' ')[0]!)).join(' '));
