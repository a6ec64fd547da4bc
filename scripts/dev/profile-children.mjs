// Developer scratch: inclusive time of the callees of one function in a .cpuprofile.
//   node scripts/dev/profile-children.mjs <file.cpuprofile> <functionName> [depth]
import { readFileSync } from 'node:fs';
const [file, fn, depthArg = '2'] = process.argv.slice(2);
const prof = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const selfTime = new Map();
prof.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
let total = 0;
for (const v of selfTime.values()) total += v;
const inclusive = (n) => (selfTime.get(n.id) ?? 0) + (n.children ?? []).reduce((s, c) => s + inclusive(byId.get(c)), 0);
const agg = new Map();
const name = (n) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/.*node_modules\//, '').replace(/.*\/dist\//, '')}:${n.callFrame.lineNumber}`;
const walk = (n, depth, prefix) => {
  for (const c of n.children ?? []) {
    const child = byId.get(c);
    const key = `${prefix}${name(child)}`;
    agg.set(key, (agg.get(key) ?? 0) + inclusive(child));
    if (depth > 1) walk(child, depth - 1, `${key} > `);
  }
};
let own = 0;
for (const n of prof.nodes) if (n.callFrame.functionName === fn) { walk(n, Number(depthArg), ''); own += selfTime.get(n.id) ?? 0; }
console.log('self', ((100 * own) / total).toFixed(1));
for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(((100 * v) / total).toFixed(1).padStart(5), k);
