import t from 'tap';
import { spawnSync } from 'node:child_process';
const flags = (process.env.PROBE_FLAGS ?? '').split(' ').filter(Boolean);
const r = spawnSync(process.execPath, [...flags, 'src/cli.ts', 'search', 'transfer'], { encoding: 'utf8', env: { PATH: process.env.PATH } });
console.error(r.stdout.slice(0, 100), r.stderr.slice(0, 300));
t.pass('x');
