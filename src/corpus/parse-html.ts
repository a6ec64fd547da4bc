/**
 * HTML policies. The page is reduced to its readable blocks (headings, paragraphs, list
 * items, table rows) in a normalised text; page chrome, comments, scripts and hidden content
 * are dropped. A table row is one line of its cells joined by " | " (header rows too); a
 * definition list entry is "term – description"; a short paragraph that is wholly bold and is
 * followed by text is a sub-heading. Every block keeps the range of the file it came from.
 */
import type { AnyNode, Element } from 'domhandler';
import { DomHandler, DomUtils, ElementType, Parser, type DomHandlerOptions } from 'htmlparser2';
import { normaliseInline, normalisePre, NormalisedText } from './html-text.ts';
import { isAddressRun } from './lines.ts';
import { splitHeading } from './numbering.ts';
import type { ParsedBlock, ParsedBody, ParsedItem } from './parsed.ts';
import { isPseudoHeadingText } from './pseudo-headings.ts';
import { takeTitle } from './title.ts';
import type { Span } from './types.ts';

const DROPPED = new Set([
  'script', 'style', 'noscript', 'template', 'nav', 'header', 'footer', 'aside', 'form', 'button',
  'svg', 'iframe', 'head', 'title', 'select', 'textarea', 'object', 'canvas',
]);

/** Elements whose boundaries end the current run of inline text. */
const BLOCK = new Set([
  'p', 'li', 'dt', 'dd', 'td', 'th', 'blockquote', 'pre', 'div', 'section', 'article', 'main',
  'ul', 'ol', 'dl', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'address', 'figure', 'figcaption',
  'caption', 'details', 'summary', 'hr', 'body', 'html', 'center', 'fieldset', 'legend',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
]);

type Context = { kind: 'paragraph' | 'list-item' | 'address' | 'pre' } | { kind: 'heading'; level: number };

function isHidden(el: Element): boolean {
  const a = el.attribs;
  return 'hidden' in a || a['aria-hidden'] === 'true' || /display\s*:\s*none/i.test(a['style'] ?? '');
}

function contextFor(name: string, outer: Context): Context {
  const h = /^h([1-6])$/.exec(name);
  if (h) return { kind: 'heading', level: Number(h[1]) };
  if (name === 'li') return { kind: 'list-item' };
  if (name === 'pre') return { kind: 'pre' };
  if (name === 'address') return { kind: 'address' };
  // A <p> inside an <li> is still that list item's text.
  return outer.kind === 'list-item' || outer.kind === 'address' ? outer : { kind: 'paragraph' };
}

/** The text of an element as one line (for table cells and definition terms). */
function flatText(el: AnyNode): string {
  return DomUtils.textContent(el).replace(/[\s\u00a0]+/g, ' ').trim();
}

function isElement(n: AnyNode): n is Element {
  return ElementType.isTag(n);
}

/** A paragraph that is all bold: its one non-blank child is <strong>/<b>. */
function isBoldOnly(el: Element): boolean {
  const kids = el.children.filter((c) => !(c.type === ElementType.Text && !(c as { data: string }).data.trim()));
  const only = kids[0];
  return kids.length === 1 && only !== undefined && isElement(only) && /^(strong|b)$/i.test(only.name);
}

function closestTable(n: Element): Element | null {
  for (let p = n.parent; p; p = p.parent) if (isElement(p) && p.name.toLowerCase() === 'table') return p;
  return null;
}

function nextElement(el: Element): Element | null {
  for (let n = el.next; n; n = n.next) {
    if (isElement(n)) return n;
    if (n.type === ElementType.Text && (n as { data: string }).data.trim()) return null;
  }
  return null;
}

class HtmlWalker {
  readonly out = new NormalisedText();
  readonly items: ParsedItem[] = [];
  private run = '';
  private runSource: Span | null = null;
  private lastLevel: number | null = null;

  /**
   * `keepHeader`: a <header> inside the chosen <main>/<article> is the article's own header.
   * `offset`: what was cut from the file before parsing (a BOM), added back to source ranges.
   */
  constructor(
    private readonly keepHeader: boolean,
    private readonly offset: number,
  ) {}

  private sourceOf(n: AnyNode): Span | null {
    return n.startIndex === null || n.endIndex === null ? null : { start: n.startIndex + this.offset, end: n.endIndex + 1 + this.offset };
  }

  private noteSource(n: AnyNode): void {
    const s = this.sourceOf(n);
    if (!s) return;
    this.runSource = this.runSource ? { start: Math.min(this.runSource.start, s.start), end: Math.max(this.runSource.end, s.end) } : s;
  }

  private addBlock(kind: ParsedBlock['block']['kind'], text: string, source: Span | null, tight = false): void {
    const span = this.out.add(text, tight);
    this.items.push({ type: 'block', block: { kind, ...span }, group: this.items.length, ...(source ? { source } : {}) });
  }

  private addHeading(level: number, text: string, source: Span | null): void {
    const span = this.out.add(text);
    this.items.push({ type: 'heading', level, ...splitHeading(text), headingSpan: span, start: span.start, bodyStart: span.end + 1, ...(source ? { source } : {}) });
  }

  /** Rows of a table, each one line of " | "-joined cells; nested tables are read as cells. */
  private table(el: Element): void {
    const rows = DomUtils.findAll((n) => n.name.toLowerCase() === 'tr', el.children).filter((tr) => closestTable(tr) === el);
    let first = true;
    for (const tr of rows) {
      if (isHidden(tr)) continue;
      const cells = tr.children.filter((c): c is Element => isElement(c) && /^(td|th)$/i.test(c.name) && !isHidden(c)).map(flatText);
      if (cells.every((c) => !c)) continue;
      this.addBlock('table-row', cells.join(' | '), this.sourceOf(tr), !first);
      first = false;
    }
  }

  /** Definition lists: each term with its descriptions, "term – description". */
  private definitions(el: Element): void {
    let term: string | null = null;
    let termSource: Span | null = null;
    let first = true;
    const add = (text: string, source: Span | null): void => {
      this.addBlock('list-item', text, source, !first);
      first = false;
    };
    const flushTerm = (): void => {
      if (term) add(term, termSource);
      term = null;
    };
    for (const c of el.children) {
      if (!isElement(c) || isHidden(c)) continue;
      const name = c.name.toLowerCase();
      if (name === 'dt') {
        flushTerm();
        term = flatText(c);
        termSource = this.sourceOf(c);
      } else if (name === 'dd') {
        const desc = flatText(c);
        if (!desc) continue;
        const src = this.sourceOf(c);
        add(term ? `${term} – ${desc}` : desc, termSource && src ? { start: termSource.start, end: src.end } : src);
        term = null;
      } else if (name === 'div') {
        this.definitions(c);
      }
    }
    flushTerm();
  }

  walk(node: AnyNode, ctx: Context): void {
    if (node.type === ElementType.Text) {
      const data = (node as { data: string }).data;
      this.run += ctx.kind === 'pre' ? data : data.replace(/\s+/g, ' ');
      if (data.trim()) this.noteSource(node);
      return;
    }
    if (node.type === ElementType.Root) {
      for (const child of (node as { children: AnyNode[] }).children) this.walk(child, ctx);
      return;
    }
    if (!ElementType.isTag(node)) return;
    const el = node as Element;
    const name = el.name.toLowerCase();
    if ((DROPPED.has(name) && !(name === 'header' && this.keepHeader)) || isHidden(el)) return;
    if (name === 'br') {
      this.run += '\n';
      return;
    }
    if (!BLOCK.has(name)) {
      for (const child of el.children) this.walk(child, ctx);
      return;
    }
    this.flush(ctx);
    if (name === 'table') {
      this.table(el);
      return;
    }
    if (name === 'dl') {
      this.definitions(el);
      return;
    }
    if (name === 'p' && ctx.kind === 'paragraph' && isBoldOnly(el)) {
      const text = normaliseInline(flatText(el));
      const next = nextElement(el);
      if (next && !/^h[1-6]$/i.test(next.name) && isPseudoHeadingText(text)) {
        this.addHeading(this.lastLevel === null ? 1000 : this.lastLevel + 0.5, text, this.sourceOf(el));
        return;
      }
    }
    const inner = contextFor(name, ctx);
    for (const child of el.children) this.walk(child, inner);
    this.flush(inner);
  }

  private flush(ctx: Context): void {
    const raw = this.run;
    const source = this.runSource;
    this.run = '';
    this.runSource = null;
    if (ctx.kind === 'heading') {
      const text = normaliseInline(raw).replace(/\n/g, ' ');
      if (!text) return;
      this.lastLevel = ctx.level;
      this.addHeading(ctx.level, text, source);
      return;
    }
    const text = ctx.kind === 'pre' ? normalisePre(raw).replace(/\n{2,}/g, '\n') : normaliseInline(raw);
    if (!text) return;
    const lines = text.split('\n');
    const kind =
      ctx.kind === 'list-item' ? 'list-item'
      : lines.length > 1 && (ctx.kind === 'address' || isAddressRun(lines)) ? 'lines'
      : 'paragraph';
    this.addBlock(kind, text, source, kind === 'list-item');
  }
}

/**
 * Deepest element nesting handled. htmlparser2 keeps its open-element stack with `unshift`, so
 * N unclosed tags cost O(N²) (80,000 took minutes), and the walk below recurses once per level.
 * Real policies nest a few dozen levels; a page nested deeper is refused, not half-read.
 */
export const MAX_HTML_DEPTH = 1000;

/** The DOM handler of `parseDocument`, refusing elements nested deeper than MAX_HTML_DEPTH. */
class DepthLimitedHandler extends DomHandler {
  private depth = 0;

  override onopentag(name: string, attribs: Record<string, string>): void {
    // Thrown through the parser: it stops at the first element too deep.
    if (++this.depth > MAX_HTML_DEPTH) throw new Error(`HTML elements nested deeper than ${MAX_HTML_DEPTH} levels`);
    super.onopentag(name, attribs);
  }

  override onclosetag(): void {
    this.depth--;
    super.onclosetag();
  }
}

/** `htmlparser2.parseDocument` (entities decoded), with the nesting depth capped. */
function parseDocument(raw: string, options: DomHandlerOptions): DomHandler['root'] {
  const handler = new DepthLimitedHandler(undefined, options);
  new Parser(handler, { decodeEntities: true }).end(raw);
  return handler.root;
}

function chooseRoot(doc: DomHandler['root']): { root: AnyNode; isArticle: boolean } {
  const byName = (n: string) => DomUtils.findOne((el) => el.name.toLowerCase() === n && !isHidden(el), doc.children);
  const article = byName('main') ?? byName('article');
  if (article) return { root: article, isArticle: true };
  return { root: byName('body') ?? doc, isArticle: false };
}

export function parseHtml(raw: string): ParsedBody {
  const bom = raw.startsWith('\uFEFF') ? 1 : 0;
  const doc = parseDocument(raw.slice(bom), { withStartIndices: true, withEndIndices: true });
  const { root, isArticle } = chooseRoot(doc);
  const walker = new HtmlWalker(isArticle, bom);
  walker.walk(root, { kind: 'paragraph' });
  return takeTitle({ format: 'html', text: walker.out.toString(), title: null, items: walker.items });
}
