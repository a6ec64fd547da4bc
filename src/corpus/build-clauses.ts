/**
 * Turns a parsed document (headings and blocks in order) into the clause tree: ids from the
 * document's own numbering, spans, and the structural warnings. Shared by every format so
 * ids mean the same thing whatever the file type.
 */
import { trimmedEnd } from './lines.ts';
import { headingSlug, paragraphId } from './numbering.ts';
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
    const slug = headingSlug(h.heading) || 'section';
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

function clauseWithoutHeading(id: string, first: ParsedBlock): Clause {
  const start = first.block.start;
  return {
    id,
    heading: '',
    headingSpan: null,
    parentId: null,
    depth: 1,
    blocks: [first.block],
    start,
    end: start,
    bodyStart: start,
    source: first.source ? { ...first.source, line: 0 } : null,
  };
}

function extendSource(c: Clause, source: { start: number; end: number } | undefined): void {
  if (!source) return;
  if (!c.source) c.source = { ...source, line: 0 };
  else c.source.end = Math.max(c.source.end, source.end);
}

/**
 * One clause per blank-line-separated paragraph, for documents with no headings at all. Ids
 * come from each paragraph's opening words (`p-we-learn-information-about`), so adding or
 * removing a paragraph leaves the others' ids alone.
 */
function paragraphClauses(blocks: ParsedBlock[], text: string, used: Set<string>): Clause[] {
  const clauses: Clause[] = [];
  let lastGroup: number | null = null;
  for (const b of blocks) {
    const current = clauses[clauses.length - 1];
    if (current && b.group === lastGroup) {
      current.blocks.push(b.block);
      extendSource(current, b.source);
    } else {
      clauses.push(clauseWithoutHeading(uniqueId(paragraphId(text.slice(b.block.start, b.block.end)), used), b));
    }
    lastGroup = b.group;
  }
  return clauses;
}

/**
 * Text before the first heading longer than this (characters) is split into paragraph clauses
 * like a headingless document, so one clause does not swallow most of a policy whose only
 * headings come late; a shorter introduction stays one `preamble`. Measured in characters, not
 * paragraphs, so adding a short paragraph at the top does not change how the rest is split.
 */
export const MAX_PREAMBLE_CHARS = 3000;

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
  const leadChars = lead.length === 0 ? 0 : lead[lead.length - 1]!.block.end - lead[0]!.block.start;
  if (leadChars > MAX_PREAMBLE_CHARS && new Set(lead.map((b) => b.group)).size > 1) {
    clauses.push(...paragraphClauses(lead, body.text, used));
    current = clauses[clauses.length - 1];
  }
  const rest = body.items.slice(clauses.length > 0 ? firstHeading : 0);
  for (const [k, item] of rest.entries()) {
    if (item.type === 'block') {
      if (current) {
        current.blocks.push(item.block);
        extendSource(current, item.source);
      } else {
        // Text before the first heading (an effective date, an introduction).
        current = clauseWithoutHeading(uniqueId('preamble', used), item);
        clauses.push(current);
      }
      continue;
    }
    while (stack.length > 0 && stack[stack.length - 1]!.level >= item.level) stack.pop();
    const parent = stack[stack.length - 1];
    if (item.continuation) {
      const next = rest.slice(k + 1).find((it): it is ParsedBlock => it.type === 'block');
      if (!next) continue;
      const own = paragraphId(body.text.slice(next.block.start, next.block.end));
      current = clauseWithoutHeading(uniqueId(parent ? `${parent.base}.${own}` : own, used), next);
      current.blocks = [];
      current.source = null;
      if (parent) {
        current.parentId = parent.clause.id;
        current.depth = parent.clause.depth + 1;
      }
      clauses.push(current);
      continue;
    }
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
      source: item.source ? { ...item.source, line: 0 } : null,
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
  // A list or a table legitimately ends without a full stop.
  const listLike = lastBlock?.kind === 'list-item' || lastBlock?.kind === 'table-row';
  if (lastBlock && lastClause && !listLike && !SENTENCE_END.test(text.slice(lastBlock.start, lastBlock.end))) {
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
  for (const w of body.warnings ?? []) warnings.push({ ...w, file });
  const clauses = hasHeadings ? headedClauses(file, body, warnings) : paragraphClauses(blocks, body.text, new Set());
  setEnds(clauses, body.text);
  documentWarnings(file, body.text, clauses, warnings);
  return { clauses, warnings };
}
