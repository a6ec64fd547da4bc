/**
 * A Prometheus histogram with one label, for a hot path: observing a value is a bucket search and
 * three additions. prom-client's own Histogram validates and hashes the label object on every
 * observation, even through a child from `labels()`, which cost more than everything else an
 * ask records about itself.
 *
 * It registers in a prom-client Registry like any metric (the registry reads `name`, `type` and
 * `get`/`getForPromString`) and exposes the same lines a prom-client Histogram with the same
 * name, help, buckets and label would (tests/server/histogram.test.ts compares the two).
 */
import type { Registry } from 'prom-client';

export interface LabelledHistogramOptions<L extends string> {
  name: string;
  help: string;
  /** The one label every series carries (e.g. `transport`). */
  labelName: L;
  /** Upper bounds of the buckets, ascending; `+Inf` is implied. */
  buckets: number[];
  registers: Registry[];
}

/** One series: the values observed under one label value. */
export class HistogramSeries {
  /** Observations per bucket (not cumulative); the last one is `+Inf`. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  /** Adds one observation (non-finite values are ignored: they would poison `sum`). */
  observe(value: number): void {
    if (!Number.isFinite(value)) return;
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    this.counts[i]!++;
    this.sum += value;
    this.count++;
  }
}

interface ExportedValue {
  labels: Record<string, string | number>;
  sharedLabels: Record<string, string>;
  value: number;
  metricName: string;
}

export class LabelledHistogram<L extends string> {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly name: string;
  readonly help: string;
  readonly #labelName: L;
  readonly #bounds: readonly number[];
  readonly #series = new Map<string, HistogramSeries>();

  constructor(options: LabelledHistogramOptions<L>) {
    this.name = options.name;
    this.help = options.help;
    this.#labelName = options.labelName;
    this.#bounds = Object.freeze([...options.buckets]);
    for (const registry of options.registers) registry.registerMetric(this as never);
  }

  /** The series for `labelValue`, created on first use; keep it and call `observe` on it. */
  series(labelValue: string): HistogramSeries {
    let series = this.#series.get(labelValue);
    if (!series) this.#series.set(labelValue, (series = new HistogramSeries(this.#bounds)));
    return series;
  }

  /** What the registry renders: prom-client's histogram layout (label values as shared labels). */
  async getForPromString() {
    const values: ExportedValue[] = [];
    for (const [labelValue, series] of this.#series) {
      const sharedLabels = { [this.#labelName]: labelValue };
      let cumulative = 0;
      this.#bounds.forEach((bound, i) => {
        cumulative += series.counts[i]!;
        values.push({ labels: { le: bound }, sharedLabels, value: cumulative, metricName: `${this.name}_bucket` });
      });
      values.push(
        { labels: { le: '+Inf' }, sharedLabels, value: series.count, metricName: `${this.name}_bucket` },
        { labels: {}, sharedLabels, value: series.sum, metricName: `${this.name}_sum` },
        { labels: {}, sharedLabels, value: series.count, metricName: `${this.name}_count` },
      );
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  /** The same with each value's labels in one object (prom-client's `get`, for JSON output). */
  async get() {
    const data = await this.getForPromString();
    return {
      ...data,
      values: data.values.map(({ labels, sharedLabels, value, metricName }) => ({ labels: { ...labels, ...sharedLabels }, value, metricName })),
    };
  }

  reset(): void {
    this.#series.clear();
  }
}
