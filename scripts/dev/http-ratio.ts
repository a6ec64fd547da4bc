// Developer scratch: only the HTTP rows of the transport bench (trivial route vs POST /v1/ask,
// default caches), alternating for a few rounds, to iterate on the HTTP path quickly.
//   npx tsx scripts/dev/http-ratio.ts [rounds] [seconds]
import autocannon from 'autocannon';
import { mainCommand, pinLoadGenerator, startServer, unpinLoadGenerator, UNTHROTTLED } from '../../bench/lib.ts';
import { goldAskBodies, goldCorpus, median } from '../../bench/transport.ts';
const [rounds = '5', seconds = '4'] = process.argv.slice(2);
const cpu = pinLoadGenerator();
const server = await startServer({
  args: mainCommand(),
  readyz: true,
  cpu,
  env: { CORPUS_DIR: goldCorpus(), INDEX_SNAPSHOT_DIR: 'off', LOG_LEVEL: 'info', CONVERSATION_SECRET: 'x'.repeat(40), ...UNTHROTTLED },
});
const bodies = goldAskBodies();
const ratios: number[] = [];
for (let r = 0; r < Number(rounds); r++) {
  const trivial = await autocannon({ url: `${server.url}/healthz`, connections: 8, duration: Number(seconds) });
  let i = 0;
  const ask = await autocannon({
    url: `${server.url}/v1/ask`, connections: 8, duration: Number(seconds), method: 'POST', headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req: object) => ({ ...req, body: bodies[i++ % bodies.length] }) }],
  });
  ratios.push(ask.requests.average / trivial.requests.average);
  console.log(`round ${r}: trivial ${trivial.requests.average} ask ${ask.requests.average} p99 ${ask.latency.p99} ratio ${(100 * ratios.at(-1)!).toFixed(1)} % non2xx ${ask.non2xx}`);
}
console.log(`median ratio ${(100 * median(ratios)).toFixed(1)} %`);
await server.stop();
if (cpu !== null) unpinLoadGenerator();
