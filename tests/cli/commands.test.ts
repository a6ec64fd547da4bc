/** Every CLI command in-process: output, --json, --help, and exit statuses 0 / 1 / 2. */
import t from 'tap';
import { cli } from '../fixtures/cli-run.ts';
import { CORPUS_DIR, WEBPROS } from '../helper.ts';

const JAPAN = 'Is a transfer of my data to Japan covered?';

t.test('no command: the overview on stderr, status 2; --help and help: stdout, status 0', async (t) => {
  const none = await cli([]);
  t.equal(none.code, 2);
  t.match(none.err, /Usage: policy-qa <command>/);
  t.equal(none.out, '');
  for (const args of [['--help'], ['-h'], ['help']]) {
    const r = await cli(args);
    t.equal(r.code, 0, args.join(' '));
    t.match(r.out, /Commands .*\n\s+ask "question"[\s\S]*Exit status:\n\s+0  done\n\s+1  lint found[\s\S]*2  usage mistake/);
  }
  const unknown = await cli(['frobnicate']);
  t.equal(unknown.code, 2);
  t.match(unknown.err, /no command "frobnicate"/);
  t.equal((await cli(['help', 'nope'])).code, 2);
});

t.test('each command has --help (status 0) and rejects unknown options (status 2)', async (t) => {
  for (const name of ['ask', 'search', 'clause', 'lint']) {
    const help = await cli([name, '--help']);
    t.equal(help.code, 0, `${name} --help`);
    t.match(help.out, new RegExp(`^Usage: policy-qa ${name} `), `${name} --help prints its usage`);
    t.same(await cli(['help', name]), help, `help ${name} is the same`);
    const bad = await cli([name, '--nope']);
    t.equal(bad.code, 2, `${name} --nope`);
    t.match(bad.err, new RegExp(`policy-qa ${name}: Unknown option '--nope'[\\s\\S]*Usage: policy-qa ${name}`));
  }
});

t.test('ask: the answer, its verdict and citations', async (t) => {
  const r = await cli(['ask', JAPAN]);
  t.equal(r.code, 0);
  t.equal(r.err, '');
  t.match(r.out, /^Yes\. .*Japan/);
  t.match(r.out, /\(verdict: Yes · confidence \d\.\d\d\)/);
  t.match(r.out, /Cited:\n\[1\] webpros-privacy-policy B · Third Country Transfer\n {4}\S/);
});

t.test('ask --json: the answer object of the protocol', async (t) => {
  const r = await cli(['ask', '--json', 'Is', 'my', 'data', 'transferred', 'to', 'Japan?']);
  t.equal(r.code, 0);
  const answer = JSON.parse(r.out);
  t.same(Object.keys(answer).sort(), ['answerable', 'citations', 'confidence', 'text', 'verdict']);
  t.equal(answer.answerable, true);
  t.equal(answer.verdict, 'yes');
  t.match(answer.citations[0], { documentId: WEBPROS, clauseId: String, excerpt: String, highlights: Array });
});

t.test('ask: a question the policy does not answer says so', async (t) => {
  const r = await cli(['ask', 'Do you sell my data to advertisers?']);
  t.equal(r.code, 0, 'an honest "not stated" is not a failure');
  t.match(r.out, /the policy does not answer this/);
  t.match(r.out, /Closest passages \(they do not answer it\):/);
});

t.test('ask: --doc, unknown document (1), empty question (2), --corpus and CORPUS_DIR', async (t) => {
  t.equal((await cli(['ask', JAPAN, '--doc', WEBPROS])).code, 0);
  const unknown = await cli(['ask', JAPAN, '--doc', 'nope']);
  t.equal(unknown.code, 1);
  t.match(unknown.err, /no document "nope"; the corpus has: webpros-privacy-policy/);
  const empty = await cli(['ask', '  \u200b ']);
  t.equal(empty.code, 2);
  t.match(empty.err, /not usable: nothing is left/);
  t.equal((await cli(['ask'])).code, 2);

  const dir = t.testdir({ 'tiny.md': '# Tiny Policy\n\n## 1. Sharing\n\nWe never sell personal data to advertisers.\n' });
  const viaOption = await cli(['ask', 'Do you sell my data?', '--corpus', dir, '--json']);
  t.equal(viaOption.code, 0);
  t.equal(JSON.parse(viaOption.out).citations[0].documentId, 'tiny');
  const viaEnv = await cli(['ask', 'Do you sell my data?', '--json'], { CORPUS_DIR: dir });
  t.equal(JSON.parse(viaEnv.out).citations[0].documentId, 'tiny', 'CORPUS_DIR is the default folder');
  const missing = await cli(['ask', JAPAN, '--corpus', `${dir}/nope`]);
  t.equal(missing.code, 1);
  t.match(missing.err, /corpus folder not found/);
});

t.test('MAX_DOCUMENT_BYTES applies as in the server; a bad value is a usage mistake (2)', async (t) => {
  const dir = t.testdir({
    'tiny.md': '# Tiny Policy\n\n## 1. Sharing\n\nWe never sell personal data to advertisers.\n',
    'long.md': `# Long Policy\n\n## 1. Retention\n\n${'We keep records for a while. '.repeat(60)}\n`,
  });
  const all = await cli(['lint', dir, '--json']);
  t.same(JSON.parse(all.out).documents.map((d: { id: string }) => d.id), ['long', 'tiny'], 'both files by default');
  const capped = await cli(['lint', dir, '--json'], { MAX_DOCUMENT_BYTES: '1024' });
  t.same(JSON.parse(capped.out).documents.map((d: { id: string }) => d.id), ['tiny'], 'the file over the cap is skipped');
  const asked = await cli(['ask', 'How long are records kept?', '--corpus', dir], { MAX_DOCUMENT_BYTES: '1024' });
  t.match(asked.err, /long\.md: is larger than MAX_DOCUMENT_BYTES/, 'and said so on stderr');
  const bad = await cli(['lint', dir], { MAX_DOCUMENT_BYTES: 'lots' });
  t.equal(bad.code, 2);
  t.match(bad.err, /^policy-qa lint: Invalid configuration: MAX_DOCUMENT_BYTES: .*\(got "lots"\)\n$/);
});

t.test('search: ranked clauses, --limit, --json, --doc', async (t) => {
  const r = await cli(['search', 'standard contractual clauses', '--limit', '2']);
  t.equal(r.code, 0);
  const heads = r.out.split('\n').filter((l) => l.startsWith(WEBPROS));
  t.equal(heads.length, 2);
  t.match(heads[0], /^webpros-privacy-policy B · Third Country Transfer {2}\(score \d+\.\d\d\)$/);

  const j = await cli(['search', 'contractual', 'clauses', '--json', '--limit', '3', '--doc', WEBPROS]);
  const body = JSON.parse(j.out);
  t.equal(body.query, 'contractual clauses');
  t.ok(body.results.length >= 1 && body.results.length <= 3);
  for (const hit of body.results) t.match(hit, { documentId: WEBPROS, clauseId: String, highlights: Array });

  const none = await cli(['search', 'zzzqqq']);
  t.equal(none.code, 0);
  t.match(none.out, /No clause matches/);
  t.same(JSON.parse((await cli(['search', 'zzzqqq', '--json'])).out).results, []);
});

t.test('search: usage mistakes are status 2, an unknown document 1', async (t) => {
  for (const limit of ['0', '51', 'ten', '2.5']) {
    const r = await cli(['search', 'data', '--limit', limit]);
    t.equal(r.code, 2, `--limit ${limit}`);
    t.match(r.err, /--limit must be a whole number from 1 to 50/);
  }
  t.equal((await cli(['search'])).code, 2);
  t.equal((await cli(['search', 'data', '--limit'])).code, 2, 'an option without its value');
  t.equal((await cli(['search', 'data', '--doc', 'nope'])).code, 1);
});

t.test('clause: the whole clause, its place in the tree and its warnings', async (t) => {
  const r = await cli(['clause', WEBPROS, 'C.2']);
  t.equal(r.code, 0);
  t.match(r.out, /^webpros-privacy-policy C\.2 · Contact\nin: C~2\ninfo: ends_mid_sentence: /);
  t.match(r.out, /\n\n2\. Contact\nWe have also internally assigned[\s\S]*8200 Schaffhausen \/ Switzerland\n$/);

  const j = JSON.parse((await cli(['clause', WEBPROS, 'C.1', '--json'])).out);
  t.match(j, { documentId: WEBPROS, id: 'C.1', heading: 'Joint Data Processing', parentId: 'C', depth: 2, children: [] });
  t.match(j.text, /^1\. Joint Data Processing\nMost backup tools/);
  t.same(j.warnings.map((w: { code: string }) => w.code), ['off_topic_text'], 'the linter\'s warning is on the clause');

  const parent = JSON.parse((await cli(['clause', WEBPROS, 'B', '--json'])).out);
  t.same(parent.children, ['B.supplementary-in-accordance-with-swiss-data-protection-law']);
});

t.test('clause: not found is 1 (naming what exists), wrong arguments 2', async (t) => {
  const noClause = await cli(['clause', WEBPROS, 'Z.9']);
  t.equal(noClause.code, 1);
  t.match(noClause.err, /no clause "Z\.9" in webpros-privacy-policy; it has: A, B, /);
  const noDoc = await cli(['clause', 'nope', 'A']);
  t.equal(noDoc.code, 1);
  t.match(noDoc.err, /no document "nope"/);
  t.equal((await cli(['clause', WEBPROS])).code, 2);
  t.equal((await cli(['clause', WEBPROS, 'A', 'B'])).code, 2);
});

t.test('lint: the seed has warnings, no errors: status 0, --strict 1', async (t) => {
  const r = await cli(['lint', CORPUS_DIR]);
  t.equal(r.code, 0);
  t.match(r.out, /webpros-privacy-policy {2}\(webpros-privacy-policy\.txt, text, 8 clauses\)/);
  t.match(r.out, /\n {2}A +General Note {2}\[line 1\]\n/);
  t.match(r.out, /\n {4}C\.1 +Joint Data Processing {2}\[line 11\]\n/, 'sub-clauses are indented under their parent');
  t.match(r.out, /warning off_topic_text +webpros-privacy-policy\.txt:12 C\.1: The text of clause C\.1/);
  t.match(r.out, /warning repeated_heading +webpros-privacy-policy\.txt:16 C~2: /);
  t.match(r.out, /\n0 error\(s\), 3 warning\(s\), 1 info\n$/);
  t.equal((await cli(['lint', CORPUS_DIR, '--strict'])).code, 1);
  t.equal((await cli(['lint'])).code, 0, 'the default folder is ./corpus');
});

t.test('lint --json: the report', async (t) => {
  const r = await cli(['lint', '--json'], { CORPUS_DIR });
  t.equal(r.code, 0);
  const report = JSON.parse(r.out);
  t.match(report, { ok: true, counts: { error: 0, warning: 3, info: 1 }, files: [] });
  const doc = report.documents[0];
  t.same(doc.clauses.map((c: { id: string }) => c.id), ['A', 'B', 'B.supplementary-in-accordance-with-swiss-data-protection-law', 'C', 'C.1', 'C~2', 'C.1~2', 'C.2']);
  t.same(doc.problems.map((p: { code: string }) => p.code), ['off_topic_text', 'repeated_heading', 'repeated_heading', 'ends_mid_sentence']);
});

t.test('lint: unreadable files, empty sections and documents: errors → status 1', async (t) => {
  const dir = t.testdir({
    'good.md': '# Good Policy\n\n## 1. Data\n\nWe collect your e-mail address to send receipts.\n',
    'hollow.md': '# Hollow Policy\n\n## 1. Data\n\n## 2. Rights\n\nYou may ask for a copy of your data at any time.\n',
    'cut.txt': 'A. Data\nWe collect your name and e-mail address and we keep them for',
    'binary.txt': Buffer.from([0x41, 0x00, 0x42]),
    'notes.rtf': 'not a policy',
  });
  const r = await cli(['lint', dir]);
  t.equal(r.code, 1, 'an unreadable file is an error-level problem');
  t.match(r.out, /empty_section +hollow\.md:3 1: Clause 1 \("Data"\) has no text\./);
  t.match(r.out, /ends_mid_sentence +cut\.txt:2 A: The document ends mid-sentence/);
  t.match(r.out, /Files not loaded:\n {2}error +unreadable_file +binary\.txt: contains NUL bytes/);
  t.match(r.out, /info +unsupported_format +notes\.rtf: /);
  t.match(r.out, /\n1 error\(s\), 2 warning\(s\), 1 info\n$/);
  const j = JSON.parse((await cli(['lint', dir, '--json'])).out);
  t.equal(j.ok, false);
  t.same(j.files.map((f: { file: string }) => f.file), ['binary.txt', 'notes.rtf']);
});

t.test('lint: a missing folder is 1, two folders or DIR with --corpus 2', async (t) => {
  const missing = await cli(['lint', '/nonexistent/corpus']);
  t.equal(missing.code, 1);
  t.match(missing.err, /corpus folder not found: \/nonexistent\/corpus/);
  t.equal((await cli(['lint', 'a', 'b'])).code, 2);
  t.equal((await cli(['lint', 'a', '--corpus', 'b'])).code, 2);
});
