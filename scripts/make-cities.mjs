// Writes src/vocabulary/cities.json: the world's cities of at least MIN_POPULATION inhabitants and
// their ISO 3166-1 alpha-2 country, from the `city-timezones` package (MIT; a devDependency, read
// through its public `cityMapping` export). A name shared by several cities keeps the most
// populous (London → GB). Run after bumping the package: node scripts/make-cities.mjs
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';

const MIN_POPULATION = 200000;
const require = createRequire(import.meta.url);
const { cityMapping } = require('city-timezones');
const best = new Map();
for (const c of cityMapping) {
  if (c.pop < MIN_POPULATION || !/^[A-Z]{2}$/.test(String(c.iso2))) continue;
  for (const name of new Set([c.city, c.city_ascii])) {
    const seen = best.get(name);
    if (!seen || c.pop > seen.pop) best.set(name, { code: String(c.iso2), pop: c.pop });
  }
}
const out = Object.fromEntries([...best].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, v]) => [name, v.code]));
writeFileSync(new URL('../src/vocabulary/cities.json', import.meta.url), `${JSON.stringify(out, null, 0).replace(/,"/g, ',\n"')}\n`);
console.log(`${Object.keys(out).length} cities of ${MIN_POPULATION}+ inhabitants`);
