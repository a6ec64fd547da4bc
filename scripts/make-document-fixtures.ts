/**
 * Builds the PDF and Word fixtures of tests/fixtures/documents/ from policies in the repo:
 *   - seed.pdf: the seed (corpus/webpros-privacy-policy.txt), one paragraph per
 *     line as written, printed by headless Chromium (`page.pdf()`) on A5 pages so paragraphs wrap,
 *     with a running header (the policy name) and footer ("Page N of M") to be removed again;
 *   - lakeside.pdf: a Markdown policy (tests/gold/corpus-lakeside) rendered to HTML
 *     (headings by size) and printed the same way;
 *   - seed.docx: the seed as a Word file (`docx` package): lettered and numbered
 *     lines and short lines ending in a colon as Heading 1/2/3, a run of short unpunctuated lines
 *     (an address) as one paragraph with line breaks, `- ` lines as bulleted list items,
 *     everything else as a paragraph.
 * Run: npx tsx scripts/make-document-fixtures.ts  (needs /usr/bin/chromium or CHROMIUM_PATH)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { Nodes, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { chromium } from 'playwright-core';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const OUT = here('../tests/fixtures/documents/');
const seed = readFileSync(here('../corpus/webpros-privacy-policy.txt'), 'utf8');
const lakeside = readFileSync(here('../tests/gold/corpus-lakeside/lakeside-privacy-policy.md'), 'utf8');

function toString(n: Nodes): string {
  return 'value' in n ? n.value : 'children' in n ? (n.children as Nodes[]).map(toString).join('') : '';
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const STYLE = '<style>body{font:11pt serif;margin:0} p{margin:0 0 .6em} h1{font-size:20pt} h2{font-size:15pt} h3{font-size:13pt}</style>';

function seedHtml(): string {
  const body = seed.split('\n').filter((l) => l.trim()).map((l) => `<p>${esc(l.trim())}</p>`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">${STYLE}</head><body>${body}</body></html>`;
}

function mdHtml(nodes: readonly RootContent[]): string {
  return nodes
    .map((n) => {
      if (n.type === 'heading') return `<h${n.depth}>${esc(toString(n))}</h${n.depth}>`;
      if (n.type === 'paragraph') return `<p>${esc(toString(n))}</p>`;
      if (n.type === 'list') return `<ul>${n.children.map((li) => `<li>${esc(toString(li))}</li>`).join('')}</ul>`;
      return '';
    })
    .join('\n');
}

async function printPdfs(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    const print = async (html: string, header: string, file: string): Promise<void> => {
      await page.setContent(html);
      const pdf = await page.pdf({
        format: 'A5',
        margin: { top: '18mm', bottom: '18mm', left: '14mm', right: '14mm' },
        displayHeaderFooter: true,
        headerTemplate: `<div style="font-size:8pt;width:100%;text-align:center">${esc(header)}</div>`,
        footerTemplate: '<div style="font-size:8pt;width:100%;text-align:center">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
      });
      writeFileSync(`${OUT}${file}`, pdf);
    };
    await print(seedHtml(), 'WebPros Privacy Policy', 'seed.pdf');
    const md = `<!doctype html><html lang="en"><head><meta charset="utf-8">${STYLE}</head><body>${mdHtml(fromMarkdown(lakeside).children)}</body></html>`;
    await print(md, 'Lakeside Analytics', 'lakeside.pdf');
  } finally {
    await browser.close();
  }
}

const ADDRESS_LINE = (l: string) => l.length <= 60 && !/[.!?;:]$/.test(l) && !/^([A-Z]|\d+)\.\s/.test(l) && !l.startsWith('- ');

async function writeDocx(): Promise<void> {
  const lines = seed.split('\n').map((l) => l.trim()).filter(Boolean);
  const paragraphs: Paragraph[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    let heading: (typeof HeadingLevel)[keyof typeof HeadingLevel] | undefined;
    if (/^[A-Z]\.\s/.test(l)) heading = HeadingLevel.HEADING_1;
    else if (/^\d+\.\s/.test(l)) heading = HeadingLevel.HEADING_2;
    else if (l.endsWith(':') && l.length <= 80 && !lines[i + 1]?.startsWith('- ')) heading = HeadingLevel.HEADING_3;
    if (heading) {
      paragraphs.push(new Paragraph({ text: l, heading }));
      continue;
    }
    if (l.startsWith('- ')) {
      paragraphs.push(new Paragraph({ text: l.slice(2), bullet: { level: 0 } }));
      continue;
    }
    // An address typed as short lines is one paragraph with line breaks.
    let j = i;
    while (j + 1 < lines.length && ADDRESS_LINE(lines[j]!) && ADDRESS_LINE(lines[j + 1]!)) j++;
    const run = lines.slice(i, j + 1);
    paragraphs.push(new Paragraph({ children: run.map((text, k) => new TextRun({ text, break: k > 0 ? 1 : 0 })) }));
    i = j;
  }
  const doc = new Document({ creator: 'policy-qa fixtures', sections: [{ children: paragraphs }] });
  writeFileSync(`${OUT}seed.docx`, await Packer.toBuffer(doc));
}

await printPdfs();
await writeDocx();
console.log(`wrote ${OUT}`);
