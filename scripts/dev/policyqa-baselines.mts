#!/usr/bin/env -S npx tsx
/**
 * Plain-MiniSearch baselines for PolicyQA dev, scored exactly as scripts/eval-policyqa.ts scores
 * the product (a citation among the first three overlaps the gold span), so the product's figure
 * can be read against what an index with no privacy knowledge reaches on the same documents:
 *  - sentences: one MiniSearch document per sentence (Intl.Segmenter), default options, and with
 *    prefix + fuzzy search;
 *  - passages: one MiniSearch document per OPP-115 passage (the blank-line blocks), default options.
 *
 *   npx tsx scripts/dev/policyqa-baselines.mts [--external ../shared/external]
 */
import MiniSearch, { type SearchOptions } from 'minisearch';
import { resolve } from 'node:path';
import { loadPolicyQa, type PolicyQaGold } from '../policyqa-data.ts';

interface Span { id: number; start: number; end: number; text: string }

const args = process.argv.slice(2);
const at = args.indexOf('--external');
const { docs, golds } = loadPolicyQa(resolve(at >= 0 ? args[at + 1]! : '../shared/external'));

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
function sentences(text: string): Span[] {
  const out: Span[] = [];
  for (const s of segmenter.segment(text)) {
    const t = s.segment.trim();
    if (!t) continue;
    const start = s.index + s.segment.indexOf(t);
    out.push({ id: out.length, start, end: start + t.length, text: t });
  }
  return out;
}
function passages(text: string): Span[] {
  const out: Span[] = [];
  let pos = 0;
  for (const p of text.split('\n\n')) {
    out.push({ id: out.length, start: pos, end: pos + p.length, text: p });
    pos += p.length + 2;
  }
  return out;
}

function score(name: string, split: (text: string) => Span[], options: SearchOptions = {}): void {
  const indexes = new Map<string, { search: MiniSearch<Span>; spans: Span[] }>();
  for (const d of docs) {
    const spans = split(d.text);
    const search = new MiniSearch<Span>({ fields: ['text'] });
    search.addAll(spans);
    indexes.set(d.id, { search, spans });
  }
  let hit1 = 0, hit3 = 0, chars = 0, cited = 0;
  for (const g of golds as PolicyQaGold[]) {
    const { search, spans } = indexes.get(g.documentId)!;
    const top = search.search(g.question, options).slice(0, 3).map((r) => spans[r.id as number]!);
    const overlaps = (s: Span) => s.start < g.end && s.end > g.start;
    if (top[0] && overlaps(top[0])) hit1++;
    if (top.some(overlaps)) hit3++;
    for (const s of top) { chars += s.end - s.start; cited++; }
  }
  const pct = (x: number) => `${((100 * x) / golds.length).toFixed(1)}%`;
  console.log(`${name}: top-1 ${pct(hit1)}, top-3 ${pct(hit3)}, mean citation ${(chars / Math.max(1, cited)).toFixed(0)} characters`);
}

console.log(`policies ${docs.length}, questions ${golds.length}`);
score('sentences, MiniSearch defaults', sentences);
score('sentences, prefix + fuzzy 0.2', sentences, { prefix: true, fuzzy: 0.2 });
score('passages, MiniSearch defaults', passages);
