/** Corpus warnings in the log: summarised per document and code, each line naming its file once. */
import t from 'tap';
import type { LoadWarning, PolicyDocument } from '../../src/corpus/types.ts';
import { logCorpusWarnings, PER_CODE } from '../../src/server/corpus-log.ts';

function recorder() {
  const lines: Array<{ level: string; obj: Record<string, unknown>; msg: string }> = [];
  const at = (level: string) => (obj: object, msg: string) => void lines.push({ level, obj: obj as Record<string, unknown>, msg });
  return { lines, log: { error: at('error'), warn: at('warn'), info: at('info') } };
}

const warning = (file: string, code: LoadWarning['code'], i: number): LoadWarning => ({
  code,
  level: 'warning',
  message: `Heading "Cookies" repeats an earlier heading; this copy is ${i}.`,
  file,
  clauseId: String(i),
});

t.test('thousands of warnings of one kind: a few lines, then one line with the count', async (t) => {
  const warnings = [...Array.from({ length: 4999 }, (_, i) => warning('big.md', 'repeated_heading', i)), warning('big.md', 'empty_section', 0)];
  const doc = { id: 'big', file: 'big.md', warnings } as unknown as PolicyDocument;
  const { lines, log } = recorder();
  logCorpusWarnings(log, [], [doc]);
  t.equal(lines.length, PER_CODE + 1 + 1, 'per code: the first few, one summary; the other code once');
  const summary = lines.find((l) => l.obj['more'] !== undefined);
  t.match(summary, { level: 'warn', obj: { file: 'big.md', code: 'repeated_heading', more: 4999 - PER_CODE, total: 4999 } });
  t.match(summary?.msg, /^big\.md: 4996 more repeated_heading warnings/);
  t.ok(lines.some((l) => l.obj['code'] === 'empty_section'));
});

t.test('the file is named once: file errors already carry it, document warnings get it', async (t) => {
  const fileError: LoadWarning = { code: 'unreadable_file', level: 'error', message: 'binary.txt: contains NUL bytes (binary or UTF-16 file); skipped.', file: 'binary.txt' };
  const doc = { id: 'a', file: 'a.txt', warnings: [warning('a.txt', 'repeated_heading', 1)] } as unknown as PolicyDocument;
  const { lines, log } = recorder();
  logCorpusWarnings(log, [fileError], [doc]);
  t.same(lines.map((l) => [l.level, l.msg.split(':')[0]]), [['error', 'binary.txt'], ['warn', 'a.txt']]);
  t.notOk(lines.some((l) => /^(\S+): \1:/.test(l.msg)), 'never "binary.txt: binary.txt: …"');
});
