// Developer scratch: in-process cost of one request through the whole app (app.inject), POST
// /v1/ask with the default caches vs GET /healthz; logs go to a null stream. The difference is
// what the ask route adds over the trivial one, without the socket.
//   npx tsx scripts/dev/inject-cost.mts [seconds]
import { Writable } from 'node:stream';
import { loadCorpus } from '../../src/corpus/load.ts';
import { ClauseIndex } from '../../src/search/clause-index.ts';
import { loadConfig } from '../../src/config.ts';
import { UNTHROTTLED } from '../../bench/lib.ts';
import { buildApp } from '../../src/server/app.ts';
import { createLogger } from '../../src/server/logger.ts';
import { goldAskBodies, goldCorpus } from '../../bench/transport.ts';
const seconds = Number(process.argv[2] ?? '2');
const only = process.argv[3]; // 'ask' or 'health': that route only (for a profile)
const config = loadConfig({ CORPUS_DIR: goldCorpus(), CONVERSATION_SECRET: 'x'.repeat(40), ...UNTHROTTLED });
const index = ClauseIndex.build((await loadCorpus(config.corpusDir)).documents);
let bytes = 0;
const sink = new Writable({ write(c, _e, cb) { bytes += c.length; cb(); } });
const app = await buildApp({ config, index, logger: createLogger({ logLevel: 'info' }, sink as never) });
await app.ready();
const bodies = goldAskBodies();
async function time(label: string, one: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 2000; i++) await one(i);
  const t = performance.now();
  let n = 0;
  while (performance.now() - t < seconds * 1000) for (let k = 0; k < 100; k++) await one(n++);
  console.log(label, ((performance.now() - t) * 1000 / n).toFixed(2), 'µs');
}
for (let r = 0; r < 2; r++) {
  if (only !== 'ask') await time('GET /healthz', () => app.inject({ method: 'GET', url: '/healthz' }));
  if (only !== 'health') await time('POST /v1/ask', (i) => app.inject({ method: 'POST', url: '/v1/ask', headers: { 'content-type': 'application/json' }, payload: bodies[i % bodies.length] }));
}
console.log('log bytes', bytes);
await app.close();
