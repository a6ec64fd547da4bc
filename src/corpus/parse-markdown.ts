/**
 * Markdown policies, read with a CommonMark parser (mdast-util-from-markdown) plus GFM tables,
 * GFM strikethrough and YAML front matter. The document text is the clean reading text built
 * from the tree (no `#`, `**`, link targets, escapes or table pipes); every block keeps the
 * range it was written at in the file.
 *
 * Headings: ATX and setext headings, and a short paragraph that is entirely bold or italic and
 * is followed by text (`**Purpose:**`, `***Right to Opt Out***`). A run of paragraphs that each
 * start with a bold label (`**Purpose:** …`, `**Lawful Basis:** …`) is a list of records: every
 * paragraph that starts with the run's first label opens a record, headed by that paragraph.
 */
import type { Nodes, Paragraph, PhrasingContent, Root, RootContent, Table } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { frontMatterMetadata } from './front-matter.ts';
import { NormalisedText } from './html-text.ts';
import { isAddressRun } from './lines.ts';
import { splitHeading } from './numbering.ts';
import type { ParsedBody, ParsedItem, ParsedMetadata } from './parsed.ts';
import { isPseudoHeadingText } from './pseudo-headings.ts';
import { takeTitle } from './title.ts';
import type { Block, LoadWarning, Span } from './types.ts';

/** Stands for a soft line break while a paragraph is rendered (NUL never occurs in loaded text). */
const SOFT = '\u0000';

function sourceOf(node: Nodes): Span | undefined {
  const s = node.position?.start.offset;
  const e = node.position?.end.offset;
  return s === undefined || e === undefined ? undefined : { start: s, end: e };
}

/** The reading text of inline content: markup dropped, a link is its text, an image its alt text. */
function inline(nodes: readonly PhrasingContent[]): string {
  let out = '';
  for (const n of nodes) {
    switch (n.type) {
      case 'text':
        out += n.value.replace(/\r?\n/g, SOFT);
        break;
      case 'inlineCode':
        out += n.value;
        break;
      case 'break':
        out += '\n';
        break;
      case 'image':
      case 'imageReference':
        out += n.alt ?? '';
        break;
      case 'html':
        if (/^<br\s*\/?>$/i.test(n.value)) out += '\n';
        break;
      default:
        if ('children' in n) out += inline(n.children as PhrasingContent[]);
    }
  }
  return out;
}

function tidyLine(line: string): string {
  return line.replace(/[\s\u00a0]+/g, ' ').trim();
}

/**
 * A rendered paragraph as lines: soft breaks become spaces, hard breaks stay line breaks;
 * lines that all look like an address keep every break (an address typed on plain lines).
 */
function paragraphText(raw: string): { text: string; kind: Block['kind'] } {
  const all = raw.split(/[\n\u0000]/).map(tidyLine).filter(Boolean);
  if (isAddressRun(all)) return { text: all.join('\n'), kind: 'lines' };
  const lines = raw.replaceAll(SOFT, ' ').split('\n').map(tidyLine).filter(Boolean);
  return { text: lines.join('\n'), kind: lines.length > 1 && isAddressRun(lines) ? 'lines' : 'paragraph' };
}

/** The single bold or italic node a paragraph consists of, ignoring surrounding white space. */
function onlyEmphasis(p: Paragraph): boolean {
  const kids = p.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
  if (kids.length !== 1) return false;
  const k = kids[0]!;
  return (k.type === 'strong' || k.type === 'emphasis') && !k.children.some((c) => c.type === 'break');
}

/** `**Label:** value`: the bold label a paragraph starts with, or null. */
function leadingLabel(p: Paragraph): string | null {
  const first = p.children[0];
  if (!first || first.type !== 'strong' || p.children.length < 2) return null;
  const label = tidyLine(inline(first.children));
  return /:$/.test(label) && label.length <= 40 ? label : null;
}

/**
 * Paragraphs that open a record: in a run of consecutive bold-labelled paragraphs where the
 * run's first label comes back, each paragraph with that label (whose text reads like a heading).
 */
function recordOpeners(children: readonly RootContent[]): Set<RootContent> {
  const out = new Set<RootContent>();
  let i = 0;
  while (i < children.length) {
    const runStart = i;
    while (i < children.length && children[i]!.type === 'paragraph' && leadingLabel(children[i] as Paragraph) !== null) i++;
    const run = children.slice(runStart, i) as Paragraph[];
    if (run.length === 0) {
      i++;
      continue;
    }
    const key = leadingLabel(run[0]!);
    const openers = run.filter((p) => leadingLabel(p) === key);
    if (openers.length >= 2 && openers.every((p) => isPseudoHeadingText(tidyLine(inline(p.children).replaceAll(SOFT, ' '))))) {
      for (const p of openers) out.add(p);
    }
  }
  return out;
}

class MarkdownWalker {
  readonly out = new NormalisedText();
  readonly items: ParsedItem[] = [];
  private group = 0;
  /** Level of the last `#` or setext heading: a bold pseudo-heading nests just under it. */
  private lastLevel: number | null = null;

  private block(kind: Block['kind'], text: string, source: Span | undefined, tight = false): void {
    if (!text) return;
    const span = this.out.add(text, tight);
    this.items.push({ type: 'block', block: { kind, ...span }, group: this.group, ...(source ? { source } : {}) });
  }

  private heading(level: number, text: string, source: Span | undefined): void {
    const clean = tidyLine(text);
    if (!clean) return;
    const span = this.out.add(clean);
    this.items.push({
      type: 'heading',
      level,
      ...splitHeading(clean),
      headingSpan: span,
      start: span.start,
      bodyStart: span.end + 1,
      ...(source ? { source } : {}),
    });
    this.group++;
  }

  children(nodes: readonly RootContent[]): void {
    const records = recordOpeners(nodes);
    let inRecords = false;
    nodes.forEach((node, i) => {
      const level = this.lastLevel === null ? 1000 : this.lastLevel + 0.5;
      if (node.type === 'paragraph' && (records.has(node) || this.isPseudoHeading(node, nodes[i + 1]))) {
        inRecords = records.has(node);
        this.heading(level, inline(node.children).replaceAll(SOFT, ' '), sourceOf(node));
        return;
      }
      if (inRecords && (node.type !== 'paragraph' || leadingLabel(node) === null)) {
        // The records are over: what follows belongs to the section again.
        inRecords = false;
        if (node.type !== 'heading' && node.type !== 'thematicBreak') {
          this.items.push({ type: 'heading', level, label: null, heading: '', headingSpan: { start: 0, end: 0 }, start: 0, bodyStart: 0, continuation: true });
        }
      }
      this.node(node);
    });
  }

  private isPseudoHeading(p: Paragraph, next: RootContent | undefined): boolean {
    if (!onlyEmphasis(p) || !next || next.type === 'heading' || next.type === 'thematicBreak') return false;
    return isPseudoHeadingText(tidyLine(inline(p.children).replaceAll(SOFT, ' ')));
  }

  private node(node: RootContent): void {
    switch (node.type) {
      case 'heading':
        this.lastLevel = node.depth;
        this.heading(node.depth, inline(node.children).replaceAll(SOFT, ' '), sourceOf(node));
        return;
      case 'paragraph': {
        const { text, kind } = paragraphText(inline(node.children));
        const leadIn = text.endsWith(':');
        this.block(kind, text, sourceOf(node));
        if (!leadIn) this.group++;
        return;
      }
      case 'list':
        for (const item of node.children) this.listItem(item.children, sourceOf(item));
        this.group++;
        return;
      case 'table':
        this.table(node);
        this.group++;
        return;
      case 'code': {
        // Lines keep their indentation, but a block starts and ends on text ('~~~\n !\n~~~' is
        // the block '!'): spans of blocks and sentences never begin with white space.
        const text = node.value.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim()).join('\n').trimStart();
        this.block('lines', text, sourceOf(node));
        this.group++;
        return;
      }
      case 'html': {
        // Comments and tags are markup; text written between block tags is still text.
        const text = node.value.replace(/<!--[\s\S]*?(?:-->|$)/g, '').replace(/<[^>]*>/g, ' ');
        this.block('paragraph', tidyLine(text), sourceOf(node));
        return;
      }
      case 'blockquote':
        this.children(node.children);
        return;
      default:
        // thematicBreak, definition, yaml (read as metadata): nothing to read.
        return;
    }
  }

  /** One list item: its paragraphs on one line each in one block; nested lists follow as items. */
  private listItem(children: readonly RootContent[], source: Span | undefined): void {
    const own: string[] = [];
    const nested: RootContent[] = [];
    for (const c of children) {
      if (c.type === 'paragraph') own.push(paragraphText(inline(c.children)).text);
      else if (c.type === 'code') own.push(tidyLine(c.value));
      else nested.push(c);
    }
    const text = own.filter(Boolean).join('\n');
    if (text) this.block('list-item', text, source, true);
    for (const n of nested) {
      if (n.type === 'list') for (const item of n.children) this.listItem(item.children, sourceOf(item));
      else this.node(n);
    }
  }

  private table(node: Table): void {
    node.children.forEach((row, i) => {
      const cells = row.children.map((cell) => tidyLine(inline(cell.children).replace(/[\n\u0000]/g, ' ')));
      if (cells.every((c) => !c)) return;
      this.block('table-row', cells.join(' | '), sourceOf(row), i > 0);
    });
  }
}

function parseTree(text: string): Root {
  return fromMarkdown(text, {
    extensions: [frontmatter(['yaml']), gfmTable(), gfmStrikethrough()],
    mdastExtensions: [frontmatterFromMarkdown(['yaml']), gfmTableFromMarkdown(), gfmStrikethroughFromMarkdown()],
  });
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;

/**
 * The offset of a fenced code block's opening line when the fence is never closed (it runs to
 * the end of its container and swallows everything after it), or null.
 */
function unclosedFence(text: string, root: Root): Span | null {
  let found: Span | null = null;
  const visit = (nodes: readonly Nodes[]): void => {
    for (const n of nodes) {
      if (found) return;
      if (n.type === 'code') {
        const src = sourceOf(n);
        if (!src) continue;
        const raw = text.slice(src.start, src.end);
        const open = FENCE_OPEN.exec(raw);
        if (open) {
          const lastLine = raw.slice(raw.lastIndexOf('\n') + 1);
          const closed = raw.includes('\n') && new RegExp(`^\\s*(?:>\\s*)*${open[1]![0] === '`' ? '`' : '~'}{${open[1]!.length},}\\s*$`).test(lastLine);
          const lineEnd = raw.indexOf('\n');
          if (!closed) found = { start: src.start, end: src.start + (lineEnd === -1 ? raw.length : lineEnd) };
        }
      }
      if ('children' in n) visit(n.children as Nodes[]);
    }
  };
  visit(root.children);
  return found;
}

export function parseMarkdown(source: string): ParsedBody {
  let text = source;
  let root = parseTree(text);
  const warnings: Omit<LoadWarning, 'file'>[] = [];
  // An unclosed fence would hide the rest of the document in a code block: report it and read
  // the document as if the stray fence line were not there (the same length, so offsets hold).
  for (let fence = unclosedFence(text, root); fence; fence = unclosedFence(text, root)) {
    warnings.push({
      code: 'unclosed_fence',
      level: 'warning',
      message: `A code fence (\`\`\` or ~~~) at offset ${fence.start} is never closed; it would hide the rest of the document. It was ignored.`,
      start: fence.start,
      end: fence.end,
    });
    text = text.slice(0, fence.start) + ' '.repeat(fence.end - fence.start) + text.slice(fence.end);
    root = parseTree(text);
  }
  let metadata: ParsedMetadata = {};
  for (const n of root.children) if (n.type === 'yaml') metadata = frontMatterMetadata(n.value);
  const walker = new MarkdownWalker();
  walker.children(root.children);
  const body = takeTitle({ format: 'markdown', text: walker.out.toString(), title: null, items: walker.items, metadata, warnings });
  return body.title === null && metadata.title ? { ...body, title: metadata.title } : body;
}
