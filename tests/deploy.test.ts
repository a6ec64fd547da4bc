/** How the server is run: npm start and the Docker image (which the compose file and Kubernetes manifest run) use the same Node.js flags. */
import { readFileSync } from 'node:fs';
import t from 'tap';

const read = (p: string) => readFileSync(new URL(`../${p}`, import.meta.url), 'utf8');
const startFlags = (JSON.parse(read('package.json')) as { scripts: { start: string } }).scripts.start
  .split(/\s+/)
  .filter((w) => w.startsWith('--'));

t.test('npm start sets the young-generation size (GC pauses at 10,000 documents, docs/scaling.md)', async (t) => {
  t.ok(startFlags.some((f) => /^--max-semi-space-size=\d+$/.test(f)), startFlags.join(' '));
});

t.test('the Docker image starts the server with the flags of npm start', async (t) => {
  const cmd = /^CMD (\[.*\])$/m.exec(read('Dockerfile'));
  t.ok(cmd, 'a CMD in exec form');
  const args = JSON.parse(cmd![1]!) as string[];
  t.same(
    args.filter((a) => a.startsWith('--')),
    startFlags,
  );
});
