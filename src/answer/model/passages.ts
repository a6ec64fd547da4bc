/**
 * The sentence-sized passages of a document (the same spans the answerer's units have: one per
 * sentence of a paragraph, list item or address block), with the heading path above each. The
 * model's extractors read these, so a fact's span is always a unit an answer can cite.
 */
import { sentencesOf } from '../../corpus/sentences.ts';
import type { Block, PolicyDocument } from '../../corpus/types.ts';
import type { FactSpan } from './types.ts';

export interface Passage {
  ordinal: number;
  clauseOrdinal: number;
  clauseId: string;
  /** The clause's heading and the headings above it, joined with " › ". */
  headingPath: string;
  kind: Block['kind'];
  /** First passage of its block. */
  blockStart: boolean;
  /** Span of the whole block the passage belongs to. */
  block: { start: number; end: number };
  start: number;
  end: number;
  text: string;
}

export function passagesOf(document: PolicyDocument): Passage[] {
  const { text } = document;
  const out: Passage[] = [];
  const paths = new Map<string, string>();
  document.clauses.forEach((clause, clauseOrdinal) => {
    const parent = clause.parentId ? paths.get(clause.parentId) : undefined;
    const headingPath = parent ? (clause.heading ? `${parent} › ${clause.heading}` : parent) : clause.heading;
    paths.set(clause.id, headingPath);
    for (const block of clause.blocks) {
      sentencesOf(text, block).forEach((span, i) => {
        out.push({
          ordinal: out.length,
          clauseOrdinal,
          clauseId: clause.id,
          headingPath,
          kind: block.kind,
          blockStart: i === 0,
          block: { start: block.start, end: block.end },
          start: span.start,
          end: span.end,
          text: text.slice(span.start, span.end),
        });
      });
    }
  });
  return out;
}

export function spanOf(p: Passage, last: Passage = p): FactSpan {
  return { start: p.start, end: last.end, clauseId: p.clauseId };
}

/** The passages of one block, from its first passage. */
export function blockOf(passages: Passage[], p: Passage): Passage[] {
  const out: Passage[] = [];
  for (let i = p.ordinal; i >= 0 && passages[i]!.block.start === p.block.start; i--) out.unshift(passages[i]!);
  for (let i = p.ordinal + 1; i < passages.length && passages[i]!.block.start === p.block.start; i++) out.push(passages[i]!);
  return out;
}

/** An address-like block: the parser's `lines`, or a paragraph of three or more short hard-wrapped lines. */
export function isLineBlock(text: string, p: Passage): boolean {
  if (p.kind === 'lines') return true;
  if (p.kind !== 'paragraph') return false;
  const lines = text.slice(p.block.start, p.block.end).split('\n');
  return lines.length >= 3 && lines.every((l) => l.trim().length <= 80);
}
