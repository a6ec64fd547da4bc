/**
 * Index snapshots (src/search/snapshot-store.ts): a restored index answers exactly like the one that
 * was saved; a changed corpus file or setting gets another key (rebuild); a damaged snapshot is
 * logged and rebuilt, never fatal.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { generatePolicy } from '../../bench/generate-corpus.ts';
import { answerQuestion } from '../../src/answer/answer-question.ts';
import { searchClauses } from '../../src/answer/search-hits.ts';
import type { ClauseIndex } from '../../src/search/clause-index.ts';
import { openIndex, snapshotKey } from '../../src/search/snapshot-store.ts';
import { defaultClauseIndexOptions } from '../../src/search/clause-index.ts';
import { CORPUS_DIR } from '../helper.ts';

function fixture(t: { teardown(fn: () => void): void }) {
  const root = mkdtempSync(join(tmpdir(), 'policy-qa-snapshot-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  const corpus = join(root, 'corpus');
  mkdirSync(corpus);
  cpSync(CORPUS_DIR, corpus, { recursive: true });
  cpSync(new URL('../gold/corpus-lakeside', import.meta.url).pathname, corpus, { recursive: true });
  for (let i = 0; i < 8; i++) {
    const p = generatePolicy(i);
    writeFileSync(join(corpus, p.name), p.text);
  }
  writeFileSync(join(corpus, 'notes.rtf'), 'not a policy');
  return { root, corpus, snapshots: join(root, 'snapshots') };
}

function logger() {
  const lines: Array<{ level: string; msg: string; obj: Record<string, unknown> }> = [];
  return {
    lines,
    info: (obj: object, msg: string) => void lines.push({ level: 'info', msg, obj: obj as Record<string, unknown> }),
    warn: (obj: object, msg: string) => void lines.push({ level: 'warn', msg, obj: obj as Record<string, unknown> }),
  };
}

const QUESTIONS = [
  'Is a transfer of my data to Japan covered?',
  'How long do you keep my data?',
  'Who is the controller?',
  'Do you sell my data?',
  'standard contractual clauses',
];

/** What a rebuilt index must match cheaply: its documents and clauses, and one answer. */
function outline(index: ClauseIndex): string {
  return JSON.stringify([index.listDocuments().map((d) => [d.id, d.clauses.map((c) => c.id)]), answerQuestion(index, QUESTIONS[0]!)]);
}

/** Everything observable about an index: answers (with and without documentId) and search hits. */
function behaviour(index: ClauseIndex): string {
  const out: unknown[] = [index.documentCount, index.clauseCount, index.listDocuments().map((d) => d.id)];
  for (const q of QUESTIONS) {
    out.push(answerQuestion(index, q), searchClauses(index, q, { limit: 10 }));
    for (const d of index.listDocuments()) out.push(answerQuestion(index, q, { documentId: d.id }));
  }
  return JSON.stringify(out);
}

t.test('round trip: the restored index answers exactly like the built one', async (t) => {
  const { corpus, snapshots } = fixture(t);
  const log = logger();
  const built = await openIndex({ corpusDir: corpus, snapshotDir: snapshots, log });
  t.equal(built.source, 'build');
  t.ok(log.lines.some((l) => l.msg === 'index snapshot saved'), 'saved as soon as built');
  t.same(readdirSync(snapshots), [built.key], 'one snapshot folder, named by its key');

  const restored = await openIndex({ corpusDir: corpus, snapshotDir: snapshots, log });
  t.equal(restored.source, 'snapshot');
  t.equal(restored.key, built.key);
  t.same(restored.corpusErrors, built.corpusErrors, 'load errors travel with the snapshot');
  t.ok(built.corpusErrors.some((e) => e.file === 'notes.rtf'));
  t.equal(behaviour(restored.index), behaviour(built.index));
});

t.test('a changed, added or removed file, or another setting, gives another key', async (t) => {
  const { corpus, snapshots } = fixture(t);
  const log = logger();
  const first = await openIndex({ corpusDir: corpus, snapshotDir: snapshots, log });

  const file = join(corpus, 'lakeside-privacy-policy.md');
  writeFileSync(file, '# Privacy Policy of Lakeside\n\n## 1. Retention\n\nWe keep invoices for eleven years.\n');
  const changed = await openIndex({ corpusDir: corpus, snapshotDir: snapshots, log });
  t.equal(changed.source, 'build', 'a changed file rebuilds');
  t.not(changed.key, first.key);
  t.match(answerQuestion(changed.index, 'How long are invoices kept?', { documentId: 'lakeside-privacy-policy' }).answer.text, /eleven years/);
  t.same(readdirSync(snapshots), [changed.key], 'the older snapshot of the same corpus is pruned');

  writeFileSync(join(corpus, 'extra.txt'), 'A. Cookies\nWe use no cookies.\n');
  t.not(await snapshotKey(corpus, defaultClauseIndexOptions), changed.key, 'an added file changes the key');
  rmSync(join(corpus, 'extra.txt'));
  t.equal(await snapshotKey(corpus, defaultClauseIndexOptions), changed.key, 'and removing it again restores it');
  t.not(await snapshotKey(corpus, { ...defaultClauseIndexOptions, crossDocument: false }), changed.key, 'a setting changes the key');
  t.equal(
    await snapshotKey(corpus, { ...defaultClauseIndexOptions, searchCacheSize: 5 }),
    changed.key,
    'cache sizes do not (they change no index content)',
  );
});

t.test('a damaged snapshot is logged and rebuilt, never fatal', async (t) => {
  const { corpus, snapshots } = fixture(t);
  const log = logger();
  const built = await openIndex({ corpusDir: corpus, snapshotDir: snapshots, log });
  // Rebuilt from the same files by the same build: the outline shows it is the whole corpus (the
  // round trip above compares every answer of a restored index).
  const expected = outline(built.index);
  const folder = join(snapshots, built.key);

  for (const [name, damage] of [
    ['documents-0.json', '[{"id": "trunc'],
    ['cross-meta.json', 'garbage'],
    ['manifest.json', '{}'],
    ['frequency.json', '{"crossDocument": true, "clauseFrequency": "nope", "clauseCount": 1}'],
  ] as const) {
    writeFileSync(join(folder, name), damage);
    const reopened = await openIndex({ corpusDir: corpus, snapshotDir: snapshots, log });
    t.equal(reopened.source, 'build', `${name} damaged: rebuilt`);
    t.ok(log.lines.some((l) => l.level === 'warn' && l.msg === 'index snapshot unreadable; rebuilding'), 'and says so');
    t.equal(outline(reopened.index), expected);
    t.same(readdirSync(snapshots), [built.key], 'the rebuilt snapshot replaces the damaged one');
    t.equal((await openIndex({ corpusDir: corpus, snapshotDir: snapshots, log })).source, 'snapshot');
    log.lines.length = 0;
  }
});

t.test('a snapshot folder that cannot be written: logged, the index still serves', async (t) => {
  const { root, corpus } = fixture(t);
  const blocker = join(root, 'blocker');
  writeFileSync(blocker, 'a file where the folder should be');
  const log = logger();
  const opened = await openIndex({ corpusDir: corpus, snapshotDir: join(blocker, 'snapshots'), log });
  t.equal(opened.source, 'build');
  t.ok(log.lines.some((l) => l.level === 'warn' && /could not save/.test(l.msg)));
  t.ok(opened.index.documentCount > 0);
});

t.test('snapshots off: always built, never saved', async (t) => {
  const { corpus, snapshots } = fixture(t);
  const opened = await openIndex({ corpusDir: corpus, snapshotDir: null, log: logger() });
  t.equal(opened.source, 'build');
  t.throws(() => readdirSync(snapshots));
});

t.test('a same-size one-character change in a snapshot file: rebuilt with a warning, never served', async (t) => {
  const { corpus, snapshots } = fixture(t);
  const log = logger();
  const built = await openIndex({ corpusDir: corpus, snapshotDir: snapshots, log });
  const expected = behaviour(built.index);
  const file = join(snapshots, built.key, 'documents-0.json');
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf('Switzerland') >= 0 ? text.indexOf('Switzerland') + 2 : text.indexOf('data') + 1;
  const tampered = `${text.slice(0, at)}${text[at] === 'a' ? 'e' : 'a'}${text.slice(at + 1)}`;
  t.equal(Buffer.byteLength(tampered), Buffer.byteLength(text), 'same size');
  writeFileSync(file, tampered);
  log.lines.length = 0;

  const reopened = await openIndex({ corpusDir: corpus, snapshotDir: snapshots, log });
  t.equal(reopened.source, 'build', 'not served from the changed snapshot');
  t.match(log.lines.find((l) => l.msg === 'index snapshot unreadable; rebuilding'), { level: 'warn', obj: { reason: /documents-0\.json does not match its content hash/ } });
  t.notOk(log.lines.some((l) => /no index snapshot/.test(l.msg)), 'never reported as "no snapshot yet"');
  t.equal(behaviour(reopened.index), expected, 'answers from the files on disk');
  t.equal(readFileSync(file, 'utf8'), text, 'the rebuilt snapshot replaced the changed one');
});

t.test('a file changed during the build: the index and its snapshot are of the bytes read, the next start reads the change', async (t) => {
  const { corpus, snapshots } = fixture(t);
  const log = logger();
  const changing = join(corpus, 'zz-changing.txt');
  const before = 'A. Retention\nWe keep invoices for seven years.\n';
  const after = 'A. Retention\nWe keep invoices for eleven years.\n';
  writeFileSync(changing, before);
  const keyBefore = await snapshotKey(corpus, defaultClauseIndexOptions);
  // The file is edited as soon as the build has read it, before anything is parsed.
  const opened = await openIndex({
    corpusDir: corpus,
    snapshotDir: snapshots,
    log,
    onRead: (file) => {
      if (file === 'zz-changing.txt') writeFileSync(changing, after);
    },
  });
  const invoices = (index: ClauseIndex) => answerQuestion(index, 'How long are invoices kept?', { documentId: 'zz-changing' }).answer.text;
  t.match(invoices(opened.index), /seven years/, 'indexed the bytes that were read (and hashed)');
  t.equal(opened.key, keyBefore, 'saved under the key of those bytes');
  t.same(readdirSync(snapshots), [keyBefore]);
  t.not(await snapshotKey(corpus, defaultClauseIndexOptions), keyBefore, 'the file on disk now has another key');

  const next = await openIndex({ corpusDir: corpus, snapshotDir: snapshots, log });
  t.equal(next.source, 'build', 'the next start builds: the old snapshot is never served for the new text');
  t.match(invoices(next.index), /eleven years/);
});

t.test('temporary folders left by an interrupted save are removed at the next start', async (t) => {
  const { corpus, snapshots } = fixture(t);
  mkdirSync(snapshots);
  const old = join(snapshots, '.tmp-0123abcd-otherhost-42-deadbeef');
  const dead = join(snapshots, `.tmp-0123abcd-${hostname()}-999999-deadbeef`);
  const live = join(snapshots, '.tmp-0123abcd-otherhost-43-deadbeef');
  for (const dir of [old, dead, live]) mkdirSync(dir);
  writeFileSync(join(old, 'documents-0.json'), '[]');
  const hourAgo = new Date(Date.now() - 3_600_000);
  utimesSync(old, hourAgo, hourAgo);
  const log = logger();
  await openIndex({ corpusDir: corpus, snapshotDir: snapshots, log });
  t.notOk(existsSync(old), 'an old one is removed');
  t.notOk(existsSync(dead), "one of a process of this host that no longer runs is removed");
  t.ok(existsSync(live), "a fresh one of another host's replica stays (it may be writing)");
  t.match(log.lines.find((l) => /temporary snapshot folders/.test(l.msg)), { obj: { removed: Array } });
});

t.test('a snapshot of the same corpus built by other code (the build vs the sources) is not pruned', async (t) => {
  const { corpus, snapshots } = fixture(t);
  const other = join(snapshots, 'built-by-dist');
  mkdirSync(other, { recursive: true });
  writeFileSync(join(other, 'manifest.json'), JSON.stringify({ corpusDir: corpus, codeDir: '/srv/policy-qa/dist/src/search' }));
  const opened = await openIndex({ corpusDir: corpus, snapshotDir: snapshots, log: logger() });
  t.same(readdirSync(snapshots).sort(), [opened.key, 'built-by-dist'].sort(), '`npm test` keeps the snapshot `npm start` saved');
});

t.test('derived parts (the policy models) are built with the index, saved, and restored without rebuilding', async (t) => {
  const { corpus, snapshots } = fixture(t);
  const { policyModelSnapshot } = await import('../../src/answer/model/store.ts');
  let builds = 0;
  const extra = { ...policyModelSnapshot, build: (index: ClauseIndex) => (builds++, policyModelSnapshot.build(index)) };
  const built = await openIndex({ corpusDir: corpus, snapshotDir: snapshots, extras: [extra], log: logger() });
  t.equal(built.source, 'build');
  const restored = await openIndex({ corpusDir: corpus, snapshotDir: snapshots, extras: [extra], log: logger() });
  t.equal(restored.source, 'snapshot');
  t.equal(builds, 1, 'built once, read back from the snapshot');
  const { policyModel } = await import('../../src/answer/model/store.ts');
  for (const d of built.index.listDocuments()) t.same(policyModel(restored.index, d.id), policyModel(built.index, d.id), d.id);
  const plain = await openIndex({ corpusDir: corpus, snapshotDir: snapshots, log: logger() });
  t.not(plain.key, built.key, 'the derived parts are part of the key');
});
