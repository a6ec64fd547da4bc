/**
 * PDF and Word policies. The fixtures in tests/fixtures/documents/ were made from policies in the
 * repo by scripts/make-document-fixtures.ts (headless Chromium's page.pdf(), the docx package).
 * The seed printed to PDF and saved as .docx must give the same clause ids and the same answers
 * to the seed's gold questions as the .txt.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { ask } from '../helper.ts';
import { parseBinaryDocument, parseDocument } from '../../src/corpus/load.ts';
import { pdfText, type PdfLine } from '../../src/corpus/parse-pdf.ts';
import { ClauseIndex } from '../../src/search/clause-index.ts';
import { parseCases } from '../../scripts/gold-judge.ts';
import { ids, spanProblems } from '../fixtures/corpus-checks.ts';

const repo = (p: string) => new URL(`../../${p}`, import.meta.url);
const bytes = (p: string) => new Uint8Array(readFileSync(repo(`tests/fixtures/documents/${p}`)));
const SEED = 'webpros-privacy-policy';

const seedTxt = parseDocument(`${SEED}.txt`, readFileSync(repo(`corpus/${SEED}.txt`), 'utf8'));
const seedPdf = await parseBinaryDocument(`${SEED}.pdf`, bytes('seed.pdf'));
const seedDocx = await parseBinaryDocument(`${SEED}.docx`, bytes('seed.docx'));

/**
 * What an answer says, without where in the text it was found, how its lines are spaced or
 * whether a list keeps its bullets in the text (a .txt file writes `- `, Word keeps them as list formatting).
 */
function answerOf(index: ClauseIndex, question: string[]) {
  const a = ask(index, ...question);
  const flat = (s: string) => s.replace(/(^|\n)[-•*][ \t]+/g, '$1').replace(/\s+/g, ' ');
  return { text: flat(a.text), answerable: a.answerable, verdict: a.verdict, cites: a.citations.map((c) => `${c.clauseId}: ${flat(c.excerpt)}`) };
}

t.test('the seed as PDF and as Word: same clause ids, headings and answers as the .txt', async (t) => {
  const cases = parseCases(readFileSync(repo('tests/gold/webpros.jsonl'), 'utf8'));
  const txtIndex = ClauseIndex.build([seedTxt]);
  for (const doc of [seedPdf, seedDocx]) {
    const index = ClauseIndex.build([doc]);
    t.equal(doc.id, SEED);
    t.same(ids(doc), ids(seedTxt), `${doc.format}: same clause ids`);
    t.same(doc.clauses.map((c) => c.heading), seedTxt.clauses.map((c) => c.heading), `${doc.format}: same headings`);
    t.same(spanProblems(doc), [], `${doc.format}: spans verbatim`);
    t.ok(doc.clauses.every((c) => c.source === null), `${doc.format}: no character source`);
    const differ = cases.filter((c) => JSON.stringify(answerOf(index, c.turns)) !== JSON.stringify(answerOf(txtIndex, c.turns))).map((c) => c.id);
    t.same(differ, [], `${doc.format}: the same answers to all ${cases.length} webpros.jsonl cases`);
  }
});

t.test('a Markdown policy printed to PDF: title, numbered headings, no running header or page numbers', async (t) => {
  const md = parseDocument('lakeside.md', readFileSync(repo('tests/gold/corpus-lakeside/lakeside-privacy-policy.md'), 'utf8'));
  const pdf = await parseBinaryDocument('lakeside.pdf', bytes('lakeside.pdf'));
  t.equal(pdf.format, 'pdf');
  t.equal(pdf.title, md.title, 'the largest line is the title');
  t.same(ids(pdf), ids(md));
  t.notMatch(pdf.text, /Page \d+ of \d+|^Lakeside Analytics$/m, 'running header and footer removed');
  t.same(pdf.metadata.effective, { text: '1 March 2026', iso: '2026-03-01' });
});

t.test('PDF lines: wrapped paragraphs, hyphenation, running lines, larger headings', async (t) => {
  const line = (page: number, y: number, text: string, size = 10): PdfLine => ({ page, y, text, size });
  const pages = [
    [line(1, 800, 'ACME POLICY', 8), line(1, 760, 'Privacy Notice', 16), line(1, 730, 'We store the infor-'), line(1, 718, 'mation you give us in the infor-'),
      line(1, 706, 'mation system and a well-'), line(1, 694, 'known archive.'), line(1, 670, '- first item'), line(1, 658, 'continued'), line(1, 40, '1', 8)],
    [line(2, 800, 'ACME POLICY', 8), line(2, 760, 'Sharing', 16), line(2, 730, 'We share no information with Cluj-'), line(2, 718, 'Napoca.'), line(2, 40, '2', 8)],
  ];
  const { text, headingLines } = pdfText(pages);
  t.equal(
    text,
    'Privacy Notice\nWe store the information you give us in the information system and a well-known archive.\n- first item continued\nSharing\nWe share no information with Cluj-Napoca.',
    'header and page numbers gone, "infor-mation" joined (the word occurs), "well-known" kept, "Cluj-Napoca" kept',
  );
  t.same([...headingLines], [0, 3]);
});

t.test('a file that is not really a PDF is an error, not a crash', async (t) => {
  await t.rejects(parseBinaryDocument('x.pdf', new TextEncoder().encode('Not a PDF')));
});

t.test('reading a PDF leaves the engine\'s own JSON functions in place (pdfjs polyfills replace them with slower ones)', async (t) => {
  t.match(JSON.stringify.toString(), /\[native code\]/);
  t.match(JSON.parse.toString(), /\[native code\]/);
  t.same(JSON.parse(JSON.stringify({ a: [1, 'b'] })), { a: [1, 'b'] });
});
