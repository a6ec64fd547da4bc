// Developer scratch: what one ask log line costs with the service logger and variants of it.
import { pino } from 'pino';
import { createLogger } from '../../src/server/logger.ts';
const sink = { write(_s: string) {} };
const line = () => ({ transport: 'ws', askId: 'c-123', questionLength: 33, questionHash: 'abcdefghijklmnopqrstuv', question: undefined, documentId: 'webpros-privacy-policy', followUp: true, outcome: 'answered', answerable: true, verdict: 'yes', confidence: 0.93, citations: 2, topClauseId: 'B', cached: true, latencyMs: 0.02 });
const variants: Record<string, pino.Logger> = {
  service: createLogger({ logLevel: 'info' }, sink).child({ reqId: 'req-1' }),
  plain: pino({ level: 'info' }, sink).child({ reqId: 'req-1' }),
  noRedact: pino({ level: 'info', formatters: { log: (o) => o }, hooks: { logMethod(a, m) { return m.apply(this, a as never); } } }, sink).child({ reqId: 'req-1' }),
};
for (let round = 0; round < 2; round++) {
  for (const [name, log] of Object.entries(variants)) {
    const n = 200_000;
    const t = performance.now();
    for (let i = 0; i < n; i++) log.info(line(), 'ask answered');
    if (round) console.log(name, (((performance.now() - t) / n) * 1000).toFixed(2), 'µs');
  }
}
{
  const log = createLogger({ logLevel: 'info' }, sink).child({ reqId: 'req-1', transport: 'ws' });
  const short = () => ({ askId: 'c-123', questionLength: 33, questionHash: 'abcdefghijklmnopqrstuv', question: undefined, documentId: 'webpros-privacy-policy', outcome: 'answered', answerable: true, verdict: 'yes', topClauseId: 'B', cached: true, latencyMs: 0.02 });
  for (let round = 0; round < 2; round++) {
    const n = 200_000;
    const t = performance.now();
    for (let i = 0; i < n; i++) log.info(short(), 'ask answered');
    if (round) console.log('short', (((performance.now() - t) / n) * 1000).toFixed(2), 'µs');
  }
}
{
  const log = createLogger({ logLevel: 'info' }, sink).child({ reqId: 'req-1', transport: 'ws' });
  const nested = () => ({ askId: 'c-123', questionLength: 33, questionHash: 'abcdefghijklmnopqrstuv', documentId: 'webpros-privacy-policy', outcome: 'answered', answer: { answerable: true, verdict: 'yes', confidence: 0.93, citations: 2, topClauseId: 'B', cached: true }, latencyMs: 0.02 });
  for (let round = 0; round < 2; round++) {
    const n = 200_000;
    const t = performance.now();
    for (let i = 0; i < n; i++) log.info(nested(), 'ask answered');
    if (round) console.log('nested', (((performance.now() - t) / n) * 1000).toFixed(2), 'µs');
  }
}
