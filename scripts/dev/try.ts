// Developer scratch: answer the shared gold questions in-process and print what fails.
import { readFileSync } from 'node:fs';
import { loadCorpus } from '../../src/corpus/load.ts';
import { ClauseIndex } from '../../src/search/clause-index.ts';
import { answerQuestion } from '../../src/answer/answer-question.ts';
import type { ConversationContext } from '../../src/answer/conversation.ts';

const [dir, casesFile, verbose] = process.argv.slice(2);
const corpus = await loadCorpus(dir!);
const index = ClauseIndex.build(corpus.documents);
let ok = 0, n = 0;
for (const line of readFileSync(casesFile!, 'utf8').split('\n').filter(Boolean)) {
  const c = JSON.parse(line);
  let ctx: ConversationContext | null = null;
  let answer;
  for (const q of c.turns) ({ answer, context: ctx } = answerQuestion(index, q, { context: ctx }));
  const e = c.expect; const why: string[] = [];
  const strip = (id: string) => id.replace(/~\d+$/, '');
  if (e.answerable !== answer!.answerable) why.push(`answerable ${answer!.answerable}`);
  if (e.answerable) {
    if (e.cites && !answer!.citations.slice(0, 3).some((x) => e.cites.some((w: string) => strip(x.clauseId) === w || strip(x.clauseId).startsWith(w + '.')))) why.push(`cites ${answer!.citations.map((x) => x.clauseId)}`);
    if (e.verdict && !e.verdict.includes(answer!.verdict)) why.push(`verdict ${answer!.verdict}`);
    for (const s of e.answerIncludes ?? []) if (!answer!.text.toLowerCase().includes(s.toLowerCase())) why.push(`lacks ${s}`);
  }
  n++; if (!why.length) ok++;
  if (why.length || verbose) console.log(`${why.length ? 'FAIL' : 'ok  '} ${c.id}: ${c.turns.at(-1)}\n   ${why.join('; ')}\n   -> [${answer!.confidence}] ${answer!.text.slice(0, 250)}`);
}
console.log(`${ok}/${n}`);
