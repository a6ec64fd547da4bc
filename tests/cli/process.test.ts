/** The CLI as a process: the executable's shebang, real exit statuses and streams. */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { CLI, cliProcess } from '../fixtures/cli-run.ts';

t.test('src/cli.ts starts with a node shebang (kept by tsc in dist/src/cli.js, the package bin)', async (t) => {
  t.match(readFileSync(CLI, 'utf8'), /^#!\/usr\/bin\/env node\n/);
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  t.same(pkg.bin, { 'policy-qa': 'dist/src/cli.js' });
});

t.test('exit statuses of the process: 0, 1, 2', async (t) => {
  const ok = await cliProcess(['ask', '--json', 'Is a transfer of my data to Japan covered?']);
  t.equal(ok.code, 0);
  t.equal(JSON.parse(ok.out).verdict, 'yes');

  const notFound = await cliProcess(['clause', 'webpros-privacy-policy', 'nope']);
  t.equal(notFound.code, 1);
  t.match(notFound.err, /no clause "nope"/);
  t.equal(notFound.out, '');

  const usage = await cliProcess(['search']);
  t.equal(usage.code, 2);
  t.match(usage.err, /search needs terms/);

  // Which command ends in which status is tested in process (commands.test.ts); a process per
  // status is enough to show the status reaches the shell.
});
