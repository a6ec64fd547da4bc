/**
 * PolicyQA dev over OPP-115, read the one way ../shared/external/README.md describes: each policy's
 * passages (tags removed, white space collapsed) joined by blank lines into one plain-text
 * document, each gold answer a character span of that text. Used by eval-policyqa.ts and
 * fit-weights.ts, so the evaluation and the fit score the same documents and spans.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../src/corpus/parse-document.ts';
import type { PolicyDocument } from '../src/corpus/types.ts';

export interface PolicyQaGold { documentId: string; question: string; start: number; end: number }

interface Qa { question: string; answers: Array<{ text: string; answer_start: number }> }
interface Paragraph { qas: Qa[]; index: number; context: string }

export function loadPolicyQa(external: string): { docs: PolicyDocument[]; golds: PolicyQaGold[]; mismatched: number } {
  const dev = JSON.parse(readFileSync(join(external, 'policyqa/dev.json'), 'utf8')) as { data: Array<{ title: string; paragraphs: Paragraph[] }> };
  const policyFiles = readdirSync(join(external, 'opp115/sanitized_policies'));
  const clean = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  const docs: PolicyDocument[] = [];
  const golds: PolicyQaGold[] = [];
  let mismatched = 0;
  for (const policy of dev.data) {
    const file = policyFiles.find((f) => f.replace(/^\d+_/, '').replace(/\.html$/, '') === policy.title);
    if (!file) throw new Error(`no OPP-115 policy for ${policy.title}`);
    const passages = readFileSync(join(external, 'opp115/sanitized_policies', file), 'utf8').split('|||').map(clean);
    const offsets: number[] = [];
    let text = '';
    for (const p of passages) {
      if (text) text += '\n\n';
      offsets.push(text.length);
      text += p;
    }
    const id = policy.title.replace(/[^a-z0-9.-]/gi, '-');
    docs.push(parseDocument(`${id}.txt`, text));
    for (const para of policy.paragraphs) {
      if (passages[para.index] !== para.context) mismatched++;
      for (const qa of para.qas) {
        const a = qa.answers[0]!;
        const start = offsets[para.index]! + a.answer_start;
        golds.push({ documentId: id, question: qa.question, start, end: start + a.text.length });
      }
    }
  }
  return { docs, golds, mismatched };
}
