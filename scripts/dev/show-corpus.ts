// Developer scratch: what the loader made of a corpus folder (ids, titles, warnings).
import { loadCorpus } from '../../src/corpus/load.ts';
for (const dir of process.argv.slice(2)) {
  const c = await loadCorpus(dir);
  for (const doc of c.documents) {
    console.log(doc.id, JSON.stringify(doc.title), doc.clauses.map((x) => x.id).join(' '));
    for (const w of doc.warnings) console.log('  ', w.code, w.message);
  }
  for (const e of c.errors) console.log('ERR', e.message);
}
