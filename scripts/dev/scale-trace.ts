// Developer scratch: per-document asks against a big generated corpus with the server's GC traced.
//   npx tsx scripts/dev/scale-trace.ts <documents> [KEY=VALUE ...]   (server stdout in /tmp/scale-server.log)
import { spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import WebSocket from 'ws';
import { freePort, mainCommand, ROOT, sleep, summarise, UNTHROTTLED } from '../../bench/lib.ts';
import { SCALE_QUESTIONS } from '../../bench/scale.ts';
const [n = '10000', ...envArgs] = process.argv.slice(2);
const env = Object.fromEntries(envArgs.map((a) => a.split('=') as [string, string]));
const port = await freePort();
const out = openSync('/tmp/scale-server.log', 'w');
const proc = spawn(process.execPath, [...(process.env.SERVER_NODE_OPTIONS?.split(' ').filter(Boolean) ?? []), ...mainCommand()], {
  cwd: ROOT,
  stdio: ['ignore', out, out],
  env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', CORPUS_DIR: join(ROOT, `.cache/bench/corpus-${n}`), INDEX_SNAPSHOT_DIR: join(ROOT, `.cache/bench/index-${n}`), LOG_LEVEL: 'info', ANSWER_CACHE_SIZE: '0', ...UNTHROTTLED, ...env },
});
const t0 = performance.now();
const url = `http://127.0.0.1:${port}`;
while (!(await fetch(`${url}/readyz`).then((r) => r.ok, () => false))) await sleep(50);
console.log('ready', ((performance.now() - t0) / 1000).toFixed(1), 's');
while (!readFileSync('/tmp/scale-server.log', 'utf8').includes('documents analysed ahead of questions')) await sleep(200);
console.log('analysed', ((performance.now() - t0) / 1000).toFixed(1), 's');
const ids = ((await (await fetch(`${url}/v1/documents`)).json()) as { documents: Array<{ id: string }> }).documents.map((d) => d.id);
const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/chat`, { perMessageDeflate: false });
const replies: Array<() => void> = [];
ws.on('message', (d) => { if (!d.toString().startsWith('{"type":"ready"')) replies.shift()?.(); });
await once(ws, 'open');
await sleep(100);
let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const times: Array<[number, number]> = [];
for (let i = 0; i < Number(process.env.ASKS ?? 1000); i++) {
  const documentId = ids[Math.floor(random() * ids.length)];
  const r = new Promise<void>((res) => replies.push(res));
  const t = performance.now();
  ws.send(JSON.stringify({ type: 'ask', id: String(i), question: SCALE_QUESTIONS[i % SCALE_QUESTIONS.length], documentId }));
  await r;
  times.push([t - t0, performance.now() - t]);
}
console.log(summarise(times.map((t) => t[1])));
console.log('slowest', times.sort((a, b) => b[1] - a[1]).slice(0, 12).map(([at, ms]) => `${at.toFixed(0)}:${ms.toFixed(1)}`).join(' '));
ws.close();
proc.kill('SIGTERM');
await once(proc, 'exit');
