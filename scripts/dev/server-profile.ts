// Developer scratch: CPU profile of the real server (dist/) under the WebSocket bench load.
//   npx tsx scripts/dev/server-profile.ts <outdir> [seconds] [KEY=VALUE ...]
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
console.log('profile in', out, '(summaries: scripts/dev/profile-categories.mjs, profile-children.mjs)');
