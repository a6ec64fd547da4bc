/** The CLI as a process: the executable's shebang, real exit statuses and streams. */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { CLI, cliProcess } from '../fixtures/cli-run.ts';

t.test('src/cli.ts starts with a node shebang (kept by tsc in dist/src/cli.js, the package bin)', async (t) => {
  t.match(readFileSync(CLI, 'utf8'), /^#!\/usr\/bin\/env node\n/);
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  t.same(pkg.bin, { 'policy-qa': 'dist/src/cli.js' });
});

t.test('the exit status reaches the shell: 0, and 2 for a usage mistake, with nothing on stdout', async (t) => {
  const ok = await cliProcess(['ask', '--json', 'Is a transfer of my data to Japan covered?']);
  t.equal(ok.code, 0);
  t.equal(JSON.parse(ok.out).verdict, 'yes');

  const usage = await cliProcess(['search']);
  t.equal(usage.code, 2);
  t.match(usage.err, /search needs terms/);
  t.equal(usage.out, '');

  // Which command ends in which status (1 included) is tested in process (commands.test.ts):
  // the status main() returns is the process's exit code, which these two show.
});
