/**
 * Turns a parsed document (headings and blocks in order) into the clause tree: ids from the
 * document's own numbering, spans, and the structural warnings. Shared by every format so
 * ids mean the same thing whatever the file type.
 */
import { trimmedEnd } from './lines.ts';
import { slugify } from './numbering.ts';
import type { ParsedBlock, ParsedBody, ParsedHeading } from './parsed.ts';
import type { Block, Clause, LoadWarning } from './types.ts';

interface Open {
  clause: Clause;
  level: number;
  label: string | null;
  /** The id before any `~n` suffix: children extend this, so `C.2` under `C~2` stays `C.2`. */
  base: string;
}

export interface BuiltClauses {
  clauses: Clause[];
  warnings: LoadWarning[];
}

function baseId(parent: Open | undefined, h: ParsedHeading): string {
  if (h.label === null) {
    const slug = slugify(h.heading) || 'section';
    return parent ? `${parent.base}.${slug}` : slug;
  }
  if (!parent) return h.label;
  // `2.1` under `2` already carries its parent's number: swap the parent's last part for it.
  if (parent.label !== null && h.label.startsWith(`${parent.label}.`)) {
    return parent.base.slice(0, parent.base.length - parent.label.length) + h.label;
  }
  return `${parent.base}.${h.label}`;
}

function uniqueId(base: string, used: Set<string>): string {
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}~${n}`;
  used.add(id);
  return id;
}

function clauseWithoutHeading(id: string, blocks: Block[]): Clause {
  const start = blocks[0]!.start;
  return { id, heading: '', headingSpan: null, parentId: null, depth: 1, blocks, start, end: start, bodyStart: start };
}

/** One clause per blank-line-separated paragraph, for documents with no headings at all. */
function paragraphClauses(blocks: ParsedBlock[]): Clause[] {
  const clauses: Clause[] = [];
  let lastGroup: number | null = null;
  for (const b of blocks) {
    const current = clauses[clauses.length - 1];
    if (current && b.group === lastGroup) current.blocks.push(b.block);
    else clauses.push(clauseWithoutHeading(`p${clauses.length + 1}`, [b.block]));
    lastGroup = b.group;
  }
  return clauses;
}

/** More blank-line paragraphs than this before the first heading become `p1`, `p2`, … clauses. */
export const MAX_PREAMBLE_PARAGRAPHS = 3;

function headedClauses(file: string, body: ParsedBody, warnings: LoadWarning[]): Clause[] {
  const clauses: Clause[] = [];
  const used = new Set<string>();
  const stack: Open[] = [];
  let current: Clause | undefined;
  // A long run of paragraphs before the first heading (a policy whose only "heading" is a late
  // sub-heading) is split into paragraph clauses `p1`, `p2`, … like a headingless document, so
  // one clause does not swallow most of the text; a short introduction stays one `preamble`.
  const firstHeading = body.items.findIndex((it) => it.type === 'heading');
  const lead = body.items.slice(0, firstHeading).filter((it): it is ParsedBlock => it.type === 'block');
  if (new Set(lead.map((b) => b.group)).size > MAX_PREAMBLE_PARAGRAPHS) {
    for (const c of paragraphClauses(lead)) {
      used.add(c.id);
      clauses.push(c);
    }
    current = clauses[clauses.length - 1];
  }
  for (const item of body.items.slice(clauses.length > 0 ? firstHeading : 0)) {
    if (item.type === 'block') {
      if (current) current.blocks.push(item.block);
      else {
        // Text before the first heading (an effective date, an introduction).
        current = clauseWithoutHeading(uniqueId('preamble', used), [item.block]);
        clauses.push(current);
      }
      continue;
    }
    while (stack.length > 0 && stack[stack.length - 1]!.level >= item.level) stack.pop();
    const parent = stack[stack.length - 1];
    const base = baseId(parent, item);
    const id = uniqueId(base, used);
    current = {
      id,
      heading: item.heading,
      headingSpan: item.headingSpan,
      parentId: parent?.clause.id ?? null,
      depth: parent ? parent.clause.depth + 1 : 1,
      blocks: [],
      start: item.start,
      end: item.start,
      bodyStart: Math.min(item.bodyStart, body.text.length),
    };
    clauses.push(current);
    stack.push({ clause: current, level: item.level, label: item.label, base });
    if (id !== base) {
      warnings.push({
        code: 'repeated_heading',
        level: 'warning',
        message: `Heading "${body.text.slice(item.headingSpan.start, item.headingSpan.end)}" repeats an earlier heading (${base}); this copy is ${id}.`,
        file,
        clauseId: id,
        start: item.headingSpan.start,
        end: item.headingSpan.end,
      });
    }
  }
  return clauses;
}

/** Clauses run from their start to the next clause's start; the last one to the trimmed end. */
function setEnds(clauses: Clause[], text: string): void {
  const last = trimmedEnd(text);
  clauses.forEach((c, i) => {
    c.end = Math.max(c.start, clauses[i + 1]?.start ?? last);
    c.bodyStart = Math.min(c.bodyStart, c.end);
  });
}

const SENTENCE_END = /[.!?:;)"”'’]$/;

function documentWarnings(file: string, text: string, clauses: Clause[], warnings: LoadWarning[]): void {
  const parents = new Set(clauses.map((c) => c.parentId));
  for (const c of clauses) {
    if (c.blocks.length === 0 && !parents.has(c.id)) {
      warnings.push({
        code: 'empty_section',
        level: 'warning',
        message: `Clause ${c.id} ("${c.heading}") has no text.`,
        file,
        clauseId: c.id,
        start: c.start,
        end: c.end,
      });
    }
  }
  let lastBlock: Block | undefined;
  let lastClause: Clause | undefined;
  for (const c of clauses) {
    for (const b of c.blocks) {
      if (!lastBlock || b.start > lastBlock.start) {
        lastBlock = b;
        lastClause = c;
      }
    }
  }
  if (lastBlock && lastClause && !SENTENCE_END.test(text.slice(lastBlock.start, lastBlock.end))) {
    // An address or signature legitimately ends without punctuation; prose that does was likely cut off.
    const addressLike = lastBlock.kind === 'lines';
    warnings.push({
      code: 'ends_mid_sentence',
      level: addressLike ? 'info' : 'warning',
      message: addressLike
        ? `The document ends with an address-like block without closing punctuation (clause ${lastClause.id}).`
        : `The document ends mid-sentence (clause ${lastClause.id}); it may be truncated.`,
      file,
      clauseId: lastClause.id,
      start: lastBlock.start,
      end: lastBlock.end,
    });
  }
}

export function buildClauses(file: string, body: ParsedBody): BuiltClauses {
  const warnings: LoadWarning[] = [];
  const blocks = body.items.filter((it): it is ParsedBlock => it.type === 'block');
  const hasHeadings = body.items.some((it) => it.type === 'heading');
  if (blocks.length === 0) {
    warnings.push({ code: 'empty_document', level: 'warning', message: 'The document has no body text.', file });
    if (!hasHeadings) return { clauses: [], warnings };
  }
  const clauses = hasHeadings ? headedClauses(file, body, warnings) : paragraphClauses(blocks);
  setEnds(clauses, body.text);
  documentWarnings(file, body.text, clauses, warnings);
  return { clauses, warnings };
}
