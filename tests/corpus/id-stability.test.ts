/**
 * Clause ids survive edits: a paragraph added at the top of a policy (under its title) leaves
 * every other clause's id as it was, on every corpus of the repository and on the real policies.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import t from 'tap';
import { formatOf, parseDocument } from '../../src/corpus/parse-document.ts';
import type { PolicyDocument } from '../../src/corpus/types.ts';
import { hasRealCorpus, REAL_CORPUS, REPO_CORPORA } from '../fixtures/corpus-dirs.ts';

const ADDED = 'This paragraph was added at the top of the policy to check that clause ids do not move.';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** The raw text with a paragraph added where a policy's body starts (after a title or front matter). */
function withParagraphOnTop(file: string, raw: string): string {
  const format = formatOf(file);
  if (format === 'html') {
    const open = ['main', 'article', 'body'].map((tag) => new RegExp(`<${tag}\\b[^>]*>(?:\\s*<h1\\b[\\s\\S]*?<\\/h1>)?`, 'i').exec(raw)).find(Boolean);
    const at = open ? open.index + open[0].length : 0;
    return `${raw.slice(0, at)}<p>${ADDED}</p>${raw.slice(at)}`;
  }
  if (format === 'markdown') {
    const head = /^(?:---\n[\s\S]*?\n---\n)?\s*(?:# [^\n]*\n)?/.exec(raw)![0];
    return `${head}\n${ADDED}\n\n${raw.slice(head.length)}`;
  }
  // Plain text in its own layout: blank-line paragraphs, or one paragraph per line.
  const blankLines = /\n[ \t]*\n/.test(raw.trim());
  const title = parseDocument(file, raw).title;
  const lineEnd = raw.indexOf('\n');
  const at = title !== null && lineEnd !== -1 ? lineEnd + 1 : 0;
  return `${raw.slice(0, at)}${ADDED}\n${blankLines ? '\n' : ''}${raw.slice(at)}`;
}

/** Each clause recognised by its heading and its first block's text (and which repeat of those it is). */
function keysOf(doc: PolicyDocument): string[] {
  const seen = new Map<string, number>();
  return doc.clauses.map((c) => {
    const first = c.blocks[0];
    const key = `${c.heading}\u0000${first ? doc.text.slice(first.start, first.end) : ''}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return `${key}\u0000${n}`;
  });
}

function changedIds(file: string, raw: string): string[] {
  const before = parseDocument(file, raw);
  const after = parseDocument(file, withParagraphOnTop(file, raw));
  const afterKeys = keysOf(after);
  const beforeKeys = keysOf(before);
  const afterByKey = new Map(after.clauses.map((c, i) => [afterKeys[i]!, c.id]));
  const afterIds = new Set(after.clauses.map((c) => c.id));
  const changed: string[] = [];
  before.clauses.forEach((c, i) => {
    const now = afterByKey.get(beforeKeys[i]!);
    // The clause the paragraph joined (a preamble) has another first block but keeps its id.
    if (now === undefined ? !afterIds.has(c.id) : now !== c.id) changed.push(`${c.id} → ${now ?? '(gone)'}`);
  });
  if (!after.text.includes(ADDED)) changed.push('the added paragraph is missing');
  return changed;
}

const corpora = [...REPO_CORPORA, ...(hasRealCorpus ? [REAL_CORPUS] : [])];
for (const dir of corpora) {
  t.test(`ids survive a paragraph added on top: ${relative(process.cwd(), dir) || dir}`, async (t) => {
    for (const path of files(dir)) {
      const file = relative(dir, path);
      const format = formatOf(file);
      if (format === null || format === 'pdf' || format === 'docx') continue;
      let raw: string;
      try {
        raw = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path));
      } catch {
        continue;
      }
      if (raw.includes('\u0000')) continue;
      t.same(changedIds(file, raw), [], file);
    }
  });
}
