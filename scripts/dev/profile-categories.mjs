// Developer scratch: self time of a .cpuprofile by category, skipping the first 30% (start-up).
//   node scripts/dev/profile-categories.mjs <file.cpuprofile>
import { readFileSync } from 'node:fs';
const p = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const by = new Map(p.nodes.map((n) => [n.id, n]));
let t = 0;
const times = p.timeDeltas.map((d) => (t += d));
const start = times.at(-1) * 0.3;
const cat = (n) => {
  const u = n.callFrame.url, fn = n.callFrame.functionName;
  if (fn === '(idle)') return 'idle';
  if (fn === '(garbage collector)') return 'gc';
  if (u.includes('/ws/')) return 'ws lib';
  if (u.includes('pino') || u.includes('logger.js') || fn.startsWith('RegExp: [\\p{Cc}')) return 'logging';
  if (u.includes('prom-client') || u.includes('metrics.js')) return 'metrics';
  if (u.includes('secure-json') || u.includes('zod') || u.includes('protocol/')) return 'parse/validate/serialise';
  if (u.includes('/answer/') || u.includes('/search/')) return 'answer';
  if (u.includes('/server/')) return 'server code';
  if (u.includes('fastify')) return 'fastify';
  if (['writev', 'writevGeneric', 'writeString', 'writeBuffer', 'writeUtf8String'].includes(fn)) return 'writes (syscalls)';
  if (u.startsWith('node:')) return `node: ${u.replace('node:internal/', '')}`;
  return `other: ${fn}`;
};
const s = new Map();
let tot = 0;
p.samples.forEach((id, i) => {
  if (times[i] < start) return;
  const k = cat(by.get(id));
  s.set(k, (s.get(k) ?? 0) + p.timeDeltas[i]);
  tot += p.timeDeltas[i];
});
for (const [k, v] of [...s].sort((a, b) => b[1] - a[1]).slice(0, 24)) console.log(((100 * v) / tot).toFixed(1).padStart(5), k);
