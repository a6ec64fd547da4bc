/**
 * HTML policies. The page is reduced to its readable blocks (headings, paragraphs, list
 * items, cells) in a normalised text; page chrome and hidden content are dropped.
 */
import type { AnyNode, Element } from 'domhandler';
import { DomUtils, ElementType, parseDocument } from 'htmlparser2';
import { normaliseInline, normalisePre, NormalisedText } from './html-text.ts';
import { isAddressRun } from './lines.ts';
import { splitHeading } from './numbering.ts';
import type { ParsedBlock, ParsedBody, ParsedItem } from './parsed.ts';
import { takeTitle } from './title.ts';

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

class HtmlWalker {
  readonly out = new NormalisedText();
  readonly items: ParsedItem[] = [];
  private run = '';

  /** `keepHeader`: a <header> inside the chosen <main>/<article> is the article's own header. */
  constructor(private readonly keepHeader: boolean) {}

  walk(node: AnyNode, ctx: Context): void {
    if (node.type === ElementType.Text) {
      const data = (node as { data: string }).data;
      this.run += ctx.kind === 'pre' ? data : data.replace(/\s+/g, ' ');
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
    const inner = contextFor(name, ctx);
    for (const child of el.children) this.walk(child, inner);
    this.flush(inner);
  }

  private flush(ctx: Context): void {
    const raw = this.run;
    this.run = '';
    if (ctx.kind === 'heading') {
      const text = normaliseInline(raw).replace(/\n/g, ' ');
      if (!text) return;
      const span = this.out.add(text);
      this.items.push({ type: 'heading', level: ctx.level, ...splitHeading(text), headingSpan: span, start: span.start, bodyStart: span.end + 1 });
      return;
    }
    const text = ctx.kind === 'pre' ? normalisePre(raw).replace(/\n{2,}/g, '\n') : normaliseInline(raw);
    if (!text) return;
    const span = this.out.add(text);
    const lines = text.split('\n');
    const kind =
      ctx.kind === 'list-item' ? 'list-item'
      : lines.length > 1 && (ctx.kind === 'address' || isAddressRun(lines)) ? 'lines'
      : 'paragraph';
    const block: ParsedBlock = { type: 'block', block: { kind, ...span }, group: this.items.length };
    this.items.push(block);
  }
}

function chooseRoot(doc: ReturnType<typeof parseDocument>): { root: AnyNode; isArticle: boolean } {
  const byName = (n: string) => DomUtils.findOne((el) => el.name.toLowerCase() === n && !isHidden(el), doc.children);
  const article = byName('main') ?? byName('article');
  if (article) return { root: article, isArticle: true };
  return { root: byName('body') ?? doc, isArticle: false };
}

export function parseHtml(raw: string): ParsedBody {
  const doc = parseDocument(raw.replace(/^\uFEFF/, ''), { decodeEntities: true });
  const { root, isArticle } = chooseRoot(doc);
  const walker = new HtmlWalker(isArticle);
  walker.walk(root, { kind: 'paragraph' });
  return takeTitle({ format: 'html', text: walker.out.toString(), title: null, items: walker.items });
}
