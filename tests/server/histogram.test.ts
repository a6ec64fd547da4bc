/** LabelledHistogram: the same Prometheus lines as prom-client's Histogram, cheaper to observe. */
import { Histogram, Registry } from 'prom-client';
import t from 'tap';
import { LabelledHistogram } from '../../src/server/histogram.ts';

const options = { name: 'answer_seconds', help: 'How long answering took', buckets: [0.001, 0.01, 0.1, 1] };
/** Values on bucket bounds, between them, past the last, and zero. */
const values: Array<[string, number]> = [
  ['ws', 0],
  ['ws', 0.001],
  ['http', 0.0011],
  ['ws', 0.05],
  ['http', 0.1],
  ['ws', 3],
  ['http', 0.00042],
  ['ws', 0.01],
];

function both() {
  const ours = new Registry();
  const theirs = new Registry();
  const mine = new LabelledHistogram({ ...options, labelName: 'transport', registers: [ours] });
  const reference = new Histogram({ ...options, labelNames: ['transport'], registers: [theirs] });
  for (const [transport, v] of values) {
    mine.series(transport).observe(v);
    reference.observe({ transport }, v);
  }
  return { ours, theirs, mine };
}

t.test('exposes the same text and JSON as a prom-client Histogram given the same observations', async (t) => {
  const { ours, theirs } = both();
  const text = await ours.metrics();
  t.equal(text, await theirs.metrics());
  t.match(text, /answer_seconds_bucket\{le="0\.01",transport="ws"\} 3\n/, 'cumulative: 0, 0.001 and 0.01 are ≤ 0.01');
  t.match(text, /answer_seconds_bucket\{le="\+Inf",transport="ws"\} 5\n/);
  t.match(text, /answer_seconds_count\{transport="http"\} 3\n/);
  // JSON: the same samples (prom-client adds an empty `exemplar` to each).
  const samples = async (r: Registry) =>
    (await r.getMetricsAsJSON()).map((m) => ({ ...m, values: m.values.map((v) => ({ labels: v.labels, value: v.value, metricName: (v as { metricName?: string }).metricName })) }));
  t.same(await samples(ours), await samples(theirs));
});

t.test('ignores values that are not finite, and reset empties it', async (t) => {
  const { ours, mine } = both();
  mine.series('ws').observe(Number.NaN);
  mine.series('ws').observe(Number.POSITIVE_INFINITY);
  t.match(await ours.metrics(), /answer_seconds_count\{transport="ws"\} 5\n/);
  t.match(await ours.metrics(), /answer_seconds_sum\{transport="ws"\} 3\.061\n/);
  mine.reset();
  t.notMatch(await ours.metrics(), /answer_seconds_count/);
});
