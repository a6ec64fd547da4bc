// Developer scratch: CPU profile of the real server (dist/) under the HTTP bench load (POST /v1/ask).
//   npx tsx scripts/dev/http-profile.ts <outdir> [seconds] [path]
import autocannon from 'autocannon';
import { mainCommand, startServer, UNTHROTTLED } from '../../bench/lib.ts';
import { goldAskBodies, goldCorpus } from '../../bench/transport.ts';
const [out = '/tmp/prof', seconds = '6', path = '/v1/ask'] = process.argv.slice(2);
const server = await startServer({
  args: mainCommand(),
  readyz: true,
  nodeOptions: ['--cpu-prof', `--cpu-prof-dir=${out}`],
  env: { CORPUS_DIR: goldCorpus(), INDEX_SNAPSHOT_DIR: 'off', LOG_LEVEL: 'info', CONVERSATION_SECRET: 'x'.repeat(40), ...UNTHROTTLED },
});
const bodies = goldAskBodies();
let i = 0;
const r = await autocannon({
  url: `${server.url}${path}`,
  connections: 8,
  duration: Number(seconds),
  ...(path === '/v1/ask'
    ? { method: 'POST' as const, headers: { 'content-type': 'application/json' }, requests: [{ setupRequest: (req: object) => ({ ...req, body: bodies[i++ % bodies.length] }) }] }
    : {}),
});
console.log(r.requests.average, 'req/s', 'p99', r.latency.p99);
await server.stop();
