// Developer scratch: CPU profile of the real server (dist/) under the WebSocket bench load.
//   npx tsx scripts/dev/server-profile.ts <outdir> [seconds] [KEY=VALUE ...]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mainCommand, startServer, UNTHROTTLED, wsLoad } from '../../bench/lib.ts';
import { goldAsks, goldCorpus } from '../../bench/transport.ts';
const [out = '/tmp/prof', seconds = '5', ...envArgs] = process.argv.slice(2);
const env = Object.fromEntries(envArgs.map((a) => a.split('=') as [string, string]));
const server = await startServer({
  args: mainCommand(),
  readyz: true,
  nodeOptions: [`--cpu-prof`, `--cpu-prof-dir=${out}`],
  env: { CORPUS_DIR: goldCorpus(), INDEX_SNAPSHOT_DIR: 'off', LOG_LEVEL: 'info', CONVERSATION_SECRET: 'x'.repeat(40), WS_MAX_INFLIGHT: '8', ...UNTHROTTLED, ...env },
});
const r = await wsLoad({ url: server.url, connections: 4, inflight: 8, warmupMs: 1000, durationMs: Number(seconds) * 1000, messages: goldAsks(), waitReady: true });
console.log(r.perSecond.toFixed(0), 'asks/s', 'p99', r.latency.p99.toFixed(2));
await server.stop();
// Self time by function, top 40.
const file = readdirSync(out).filter((f) => f.endsWith('.cpuprofile')).sort().at(-1)!;
const prof = JSON.parse(readFileSync(join(out, file), 'utf8')) as { nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>; samples: number[]; timeDeltas: number[] };
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
let total = 0;
prof.samples.forEach((id, i) => {
  const n = byId.get(id)!;
  const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/.*node_modules\//, '').replace(/.*\/dist\//, '')}:${n.callFrame.lineNumber}`;
  const dt = prof.timeDeltas[i] ?? 0;
  self.set(key, (self.get(key) ?? 0) + dt);
  total += dt;
});
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 45)) console.log(((100 * v) / total).toFixed(1).padStart(5), k);
// Inclusive time of a few functions (a sample counts once per function on its stack).
const parent = new Map<number, number>();
for (const n of prof.nodes as Array<{ id: number; children?: number[] }>) for (const c of n.children ?? []) parent.set(c, n.id);
const wanted = (process.env.INCLUSIVE ?? 'onMessage,#answerSlice,ask,answer,info,#sendText,send,parseClientFrame,observe,fields,answerMessageJson,_parse,sanitizeLogValue,asJson,write,emit,startLoop,writev,processTicksAndRejections,processImmediate').split(',');
const incl = new Map<string, number>();
prof.samples.forEach((id, i) => {
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const name = byId.get(cur)!.callFrame.functionName;
    if (wanted.includes(name) && !seen.has(name)) {
      seen.add(name);
      incl.set(name, (incl.get(name) ?? 0) + (prof.timeDeltas[i] ?? 0));
    }
  }
});
console.log('--- inclusive');
for (const [k, v] of [...incl].sort((a, b) => b[1] - a[1])) console.log(((100 * v) / total).toFixed(1).padStart(5), k);
