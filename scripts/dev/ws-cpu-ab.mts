// Developer tool: server CPU µs per WebSocket message of two servers under the bench's load (4 sockets x 8 in
// flight, the rotating gold asks), the load alternating between them in short windows so that a shared machine's
// drift hits both alike. CPU is read from /proc/<pid>/stat (all threads), so it does not count time the server
// waited for a core. Usage (from the repo root):
//   node --import tsx scripts/dev/ws-cpu-ab.mts '<env A as JSON>' '<env B as JSON>' [windows] [seconds]
// Each env may hold SERVER: "dist" (npm run build), "src" (through tsx), "echo" (bench/echo-server.ts) or
// "base" (BASE_MAIN: another build's main.js, e.g. a copy of dist/ made before a change); the rest is the
// server's environment, e.g. '{"SERVER":"dist","ANSWER_CACHE_SIZE":"0"}'.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { goldAsks, goldCorpus } from '../../bench/transport.ts';
import { mainCommand, serverNodeFlags, startServer, wsLoad, pinLoadGenerator, ROOT, UNTHROTTLED } from '../../bench/lib.ts';
const [ea, eb, roundsS = '6', secS = '1.5'] = process.argv.slice(2);
const ticks = (pid: number) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) * 10_000; };
const cpu = pinLoadGenerator();
const asks = goldAsks();
const corpus = goldCorpus();
const start = async (env: Record<string, string>) => {
  const { SERVER, ...rest } = env;
  if (SERVER === 'echo') return startServer({ args: [...serverNodeFlags(), '--import', 'tsx', join(ROOT, 'bench/echo-server.ts')], cpu });
  const args = SERVER === 'base' ? [...serverNodeFlags(), join(ROOT, process.env.BASE_MAIN ?? 'dist/src/main.js')] : SERVER === 'src' ? [...serverNodeFlags(), '--import', 'tsx', join(ROOT, 'src/main.ts')] : mainCommand();
  return startServer({ args, readyz: true, cpu, env: { CORPUS_DIR: corpus, INDEX_SNAPSHOT_DIR: 'off', LOG_LEVEL: 'info', CONVERSATION_SECRET: 'bench-conversation-secret-0123456789', WS_MAX_INFLIGHT: '8', ...UNTHROTTLED, ...rest } });
};
const envs = [JSON.parse(ea!), JSON.parse(eb!)];
const servers = [await start(envs[0]), await start(envs[1])];
const acc = servers.map(() => ({ us: 0, n: 0, ms: 0, per: [] as number[], p99: [] as number[] }));
for (const [i, s] of servers.entries()) if (envs[i].SERVER !== 'echo') await wsLoad({ url: s.url, connections: 4, inflight: 8, warmupMs: 0, durationMs: 2000, messages: asks, waitReady: true });
for (let r = 0; r < Number(roundsS); r++) {
  for (const [i, s] of servers.entries()) {
    const pid = s.proc.pid!; let t0 = 0;
    const load = wsLoad({ url: s.url, connections: 4, inflight: 8, warmupMs: 300, durationMs: Number(secS) * 1000, messages: asks, waitReady: envs[i].SERVER !== 'echo' });
    setTimeout(() => (t0 = ticks(pid)), 300);
    const res = await load;
    const us = ticks(pid) - t0;
    acc[i]!.us += us; acc[i]!.n += res.replies; acc[i]!.ms += res.measuredMs; acc[i]!.per.push(us / res.replies); acc[i]!.p99.push(res.latency.p99);
  }
}
for (const [i, a] of acc.entries()) { const per = [...a.per].sort((x, y) => x - y); console.log(JSON.stringify(envs[i]), 'µs/msg', (a.us / a.n).toFixed(1), 'median', per[Math.floor(per.length / 2)]!.toFixed(1), 'min', per[0]!.toFixed(1), 'msg/s', Math.round((a.n / a.ms) * 1000), 'p99 ms (median window)', [...a.p99].sort((x, y) => x - y)[Math.floor(a.p99.length / 2)]!.toFixed(2)); }
await Promise.all(servers.map((s) => s.stop()));
