/** The corpus linter: off-topic text (src/corpus/lint.ts) and the lint report the CLI prints. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { contentStems, lintDocument, lintReport } from '../../src/corpus/lint.ts';
import { loadCorpus, parseDocument } from '../../src/corpus/load.ts';
import { CORPUS_DIR } from '../helper.ts';

const fixtures = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));
const gold = (name: string) => fileURLToPath(new URL(`../gold/${name}/`, import.meta.url));
const lakesideRaw = readFileSync(new URL('../gold/corpus-lakeside/lakeside-privacy-policy.md', import.meta.url), 'utf8');

const RECIPE =
  'Whisk the eggs with the sugar until pale, fold in the sifted flour and bake the sponge for twenty minutes until golden; ' +
  'let the cake cool on a rack before icing it with a lemon glaze.';
const GARDEN =
  'Prune the roses in early spring, just above an outward-facing bud, and mulch the beds with compost so the soil keeps ' +
  'its moisture through the summer heat.';

/** The Lakeside policy with paragraphs pasted in after the first blank line past `after`. */
function lakesideWith(after: string, ...paragraphs: string[]) {
  const at = lakesideRaw.indexOf('\n\n', lakesideRaw.indexOf(after));
  const text = `${lakesideRaw.slice(0, at)}\n\n${paragraphs.join('\n\n')}${lakesideRaw.slice(at)}`;
  return parseDocument('lakeside.md', text);
}

t.test('the seed: the marketing text in C.1 is off-topic, nothing else is', async (t) => {
  const { documents } = await loadCorpus(CORPUS_DIR);
  const doc = documents[0]!;
  const off = doc.warnings.filter((w) => w.code === 'off_topic_text');
  t.equal(off.length, 1);
  const w = off[0]!;
  t.match(w, { level: 'warning', clauseId: 'C.1', file: 'webpros-privacy-policy.txt' });
  const text = doc.text.slice(w.start, w.end);
  t.match(text, /^Most backup tools are reactive\./, 'starts at the first marketing paragraph');
  t.match(text, /fastest, most reliable backup experience possible\.$/, 'ends with the last one');
  t.notMatch(text, /Joint Data Processing/, 'the headings around it are not part of it');
  t.match(w.message, /clause C\.1 \("Joint Data Processing"\)/);
  t.match(w.message, /"backup"/, 'names unfamiliar words as written');
  t.match(w.message, /repeats as C\.1~2/, 'points at the repeated heading that holds the real text');
  t.same(
    doc.warnings.map((x) => x.code),
    ['repeated_heading', 'repeated_heading', 'ends_mid_sentence', 'off_topic_text'],
    "the parser's warnings first, then the linter's",
  );
});

t.test('parseDocument stays the parser: the linter runs in loadCorpus', async (t) => {
  const raw = readFileSync(new URL('../../corpus/webpros-privacy-policy.txt', import.meta.url), 'utf8');
  const doc = parseDocument('webpros-privacy-policy.txt', raw);
  t.notOk(doc.warnings.some((w) => w.code === 'off_topic_text'));
  t.equal(lintDocument(doc).length, 1);
  t.notOk(doc.warnings.some((w) => w.code === 'off_topic_text'), 'lintDocument returns warnings, it does not add them');
});

t.test('no off-topic text in real policies of other layouts', async (t) => {
  for (const dir of [fixtures, gold('corpus-kestrel'), gold('corpus-lakeside'), gold('corpus-nordwind')]) {
    const { documents } = await loadCorpus(dir);
    t.ok(documents.length > 0, dir);
    for (const doc of documents) {
      t.same(doc.warnings.filter((w) => w.code === 'off_topic_text'), [], doc.file);
    }
  }
});

t.test('one pasted paragraph inside an on-topic clause', async (t) => {
  const doc = lakesideWith('## 4', RECIPE);
  const warnings = lintDocument(doc);
  t.equal(warnings.length, 1);
  const w = warnings[0]!;
  t.equal(doc.text.slice(w.start, w.end), RECIPE);
  t.equal(w.clauseId, '4');
  t.match(w.message, /^A paragraph in clause 4 does not read like the rest of the policy/);
  t.match(w.message, /"whisk"/);
});

t.test('neighbouring pasted paragraphs are one warning', async (t) => {
  const doc = lakesideWith('## 4', RECIPE, GARDEN);
  const warnings = lintDocument(doc);
  t.equal(warnings.length, 1);
  t.equal(doc.text.slice(warnings[0]!.start, warnings[0]!.end), `${RECIPE}\n\n${GARDEN}`);
  t.match(warnings[0]!.message, /^2 paragraphs in clause 4 do not/);
});

t.test('a whole clause of other text', async (t) => {
  const text = `${lakesideRaw.trimEnd()}\n\n## 8. Our bakery\n\n${RECIPE}\n\n${GARDEN}\n`;
  const doc = parseDocument('lakeside.md', text);
  const warnings = lintDocument(doc);
  t.equal(warnings.length, 1);
  t.match(warnings[0], { clauseId: '8', message: /The text of clause 8 \("Our bakery"\)/ });
});

t.test('short text is not judged', async (t) => {
  const doc = lakesideWith('## 4', 'Bake the cake until golden.');
  t.same(lintDocument(doc), []);
  t.same(lintDocument(lakesideWith('## 4', RECIPE), { minWords: 100 }), [], 'minWords is an option');
});

t.test('content words: stems, no stop words, no names in mid-sentence', async (t) => {
  // `happen` is a stop word of the text analyzer (src/vocabulary/stopwords-en.json), `with` and `the` too.
  const s = 'We share the processing records with Comet Ltd. Backups happen nightly.';
  t.same([...contentStems(s, 0, s.length)].sort(), ['backup', 'night', 'process', 'record', 'share']);
});

t.test('lintReport: clause tree, problems in text order with lines, file errors', async (t) => {
  const report = lintReport(await loadCorpus(CORPUS_DIR));
  t.equal(report.ok, true, 'warnings are not errors');
  t.same(report.counts, { error: 0, warning: 3, info: 1 });
  t.same(report.files, []);
  const doc = report.documents[0]!;
  t.match(doc, { id: 'webpros-privacy-policy', file: 'webpros-privacy-policy.txt', format: 'text', title: null });
  t.same(doc.clauses.slice(0, 3), [
    { id: 'A', heading: 'General Note', depth: 1, parentId: null, start: 0, end: 1346, line: 1 },
    { id: 'B', heading: 'Third Country Transfer', depth: 1, parentId: null, start: 1346, end: doc.clauses[1]!.end, line: 5 },
    { ...doc.clauses[2]!, parentId: 'B', depth: 2, line: 7 },
  ]);
  t.same(doc.problems.map((p) => [p.code, p.clauseId, p.line]), [
    ['off_topic_text', 'C.1', 12],
    ['repeated_heading', 'C~2', 16],
    ['repeated_heading', 'C.1~2', 17],
    ['ends_mid_sentence', 'C.2', 37],
  ]);

  const bad = lintReport(await loadCorpus(fixtures));
  t.equal(bad.ok, false, 'an unreadable file is an error');
  t.equal(bad.counts.error, 3);
  t.match(bad.files.find((f) => f.file === 'garbled.txt'), { code: 'unreadable_file', level: 'error' });
  t.match(bad.files.find((f) => f.file === 'policy.rtf'), { code: 'unsupported_format', level: 'info' });
});

t.test('GET /v1/documents/:id reports the linter\'s warnings with the loader\'s', async (t) => {
  const { buildTestApp, WEBPROS } = await import('../helper.ts');
  const app = await buildTestApp(t);
  const body = (await app.inject({ method: 'GET', url: `/v1/documents/${WEBPROS}` })).json();
  const off = body.warnings.filter((w: { code: string }) => w.code === 'off_topic_text');
  t.equal(off.length, 1);
  t.match(off[0], { level: 'warning', clauseId: 'C.1', message: /does not read like the rest of the policy/ });
  t.match(body.text.slice(off[0].start, off[0].end), /^Most backup tools/);
  const list = (await app.inject({ method: 'GET', url: '/v1/documents' })).json();
  t.equal(list.documents[0].warnings, 4, 'the summary counts it');
});
